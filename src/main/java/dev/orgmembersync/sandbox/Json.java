package dev.orgmembersync.sandbox;

import tools.jackson.databind.json.JsonMapper;

/** The sandbox's own Jackson mapper (independent of the application's configuration). */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
