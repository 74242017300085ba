package dev.orgmembersync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The member fields selected by {@code fields} / {@code include_fields}, and the rendering of a member with
 * invented (deterministic) email, picture and name. {@code roles} is only returned when requested.
 */
final class MemberFields {

    enum Field {
        USER_ID, EMAIL, PICTURE, NAME, ROLES;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Set<Field> selected;

    private MemberFields(Set<Field> selected) {
        this.selected = selected;
    }

    static MemberFields from(QueryParams query) {
        String fields = query.string("fields");
        boolean include = query.bool("include_fields", true);
        Set<Field> listed = EnumSet.noneOf(Field.class);
        if (fields != null && !fields.isBlank()) {
            for (String name : fields.split(",")) {
                listed.add(parse(name.trim()));
            }
        }
        Set<Field> selected;
        if (listed.isEmpty()) {
            selected = EnumSet.of(Field.USER_ID, Field.EMAIL, Field.PICTURE, Field.NAME);
        } else if (include) {
            selected = listed;
        } else {
            selected = EnumSet.complementOf(EnumSet.copyOf(listed));
            selected.remove(Field.ROLES);
        }
        return new MemberFields(selected);
    }

    boolean includesRoles() {
        return selected.contains(Field.ROLES);
    }

    /** {@code roles}: the member's organization roles, asked for only when the field is selected. */
    Map<String, Object> render(String userId, java.util.function.Supplier<List<Map<String, Object>>> roles) {
        Map<String, Object> member = new LinkedHashMap<>();
        String email = emailOf(userId);
        for (Field field : selected) {
            switch (field) {
                case USER_ID -> member.put("user_id", userId);
                case EMAIL -> member.put("email", email);
                case PICTURE -> member.put("picture", pictureOf(email));
                case NAME -> member.put("name", email);
                case ROLES -> member.put("roles", roles.get());
            }
        }
        return member;
    }

    private static Field parse(String name) {
        for (Field field : Field.values()) {
            if (field.jsonName().equals(name)) {
                return field;
            }
        }
        throw ErrorAnswer.invalidQuery("String does not match pattern ^((user_id)|(email)|(picture)|(name)|(roles))"
                + "(,((user_id)|(email)|(picture)|(name)|(roles)))*$", "fields");
    }

    /** The part after the last '|' when it looks like an email, otherwise {@code <that part>@users.example.com}. */
    static String emailOf(String userId) {
        String local = userId.substring(userId.lastIndexOf('|') + 1).toLowerCase(Locale.ROOT);
        return local.contains("@") ? local : local + "@users.example.com";
    }

    private static String pictureOf(String email) {
        String hash = UUID.nameUUIDFromBytes(email.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        String initials = email.substring(0, Math.min(2, email.indexOf('@') > 0 ? email.indexOf('@') : 1));
        return "https://s.gravatar.com/avatar/" + hash
                + "?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F" + initials + ".png";
    }
}
