package dev.orgmembersync.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v2/users?q=...&search_engine=v3} and {@code GET /api/v2/users/{id}}, for the one query the job
 * sends: {@code user_id:"a"} or {@code user_id:("a" OR "b" ...)} (Lucene, quoted values, {@code \} escapes).
 * Search is eventually consistent at Auth0: ids made to lag ({@link UserDirectory#lagSearch}) exist but are not
 * listed yet, while {@code GET /users/{id}} finds them.
 */
final class UserSearch {

    private static final String FIELD = "user_id:";

    private final UserDirectory users;

    UserSearch(UserDirectory users) {
        this.users = users;
    }

    /** A plain array of {@code {"user_id": ...}}, or Auth0's object with totals when {@code include_totals=true}. */
    Object search(QueryParams query) {
        String engine = query.string("search_engine");
        if (engine != null && !engine.equals("v3")) {
            throw ErrorAnswer.invalidQuery("search_engine must be v3", "search_engine");
        }
        int page = query.integer("page", 0, 1000, 0);
        int perPage = query.integer("per_page", 1, 100, 50);
        List<Map<String, Object>> found = new ArrayList<>();
        for (String id : userIds(query.string("q"))) {
            if (users.exists(id) && users.searchLists(id)) {
                found.add(user(id));
            }
        }
        List<Map<String, Object>> pageOf = found.subList(Math.min(found.size(), page * perPage),
                Math.min(found.size(), (page + 1) * perPage));
        if (!query.bool("include_totals", false)) {
            return pageOf;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start", page * perPage);
        body.put("limit", perPage);
        body.put("length", pageOf.size());
        body.put("users", pageOf);
        body.put("total", found.size());
        return body;
    }

    private static Map<String, Object> user(String id) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", id);
        return user;
    }

    /** The quoted ids of {@code user_id:"a"} or {@code user_id:("a" OR "b")}; anything else is a 400. */
    static List<String> userIds(String q) {
        if (q == null || !q.startsWith(FIELD)) {
            throw badQuery(q);
        }
        String rest = q.substring(FIELD.length()).trim();
        boolean grouped = rest.startsWith("(");
        if (grouped) {
            if (!rest.endsWith(")")) {
                throw badQuery(q);
            }
            rest = rest.substring(1, rest.length() - 1).trim();
        }
        List<String> ids = new ArrayList<>();
        int at = 0;
        while (at < rest.length()) {
            if (rest.charAt(at) != '"') {
                throw badQuery(q);
            }
            StringBuilder id = new StringBuilder();
            at++;
            while (at < rest.length() && rest.charAt(at) != '"') {
                if (rest.charAt(at) == '\\' && at + 1 < rest.length()) {
                    at++;
                }
                id.append(rest.charAt(at++));
            }
            if (at >= rest.length()) {
                throw badQuery(q);
            }
            ids.add(id.toString());
            at++;
            String tail = rest.substring(at).stripLeading();
            if (tail.isEmpty()) {
                break;
            }
            if (!grouped || !tail.startsWith("OR ")) {
                throw badQuery(q);
            }
            at = rest.length() - tail.length() + 3;
            while (at < rest.length() && rest.charAt(at) == ' ') {
                at++;
            }
        }
        if (ids.isEmpty()) {
            throw badQuery(q);
        }
        return ids;
    }

    private static ErrorAnswer badQuery(String q) {
        return new ErrorAnswer(400, "Query validation error: sandbox understands only user_id:\"...\" or"
                + " user_id:(\"...\" OR ...), got " + q, "invalid_query_string");
    }
}
