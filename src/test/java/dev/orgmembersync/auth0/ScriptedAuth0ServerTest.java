package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import org.junit.jupiter.api.Test;

/** The fixture itself: a dropped reply really fails the client, and headers go out as the JDK server writes them. */
class ScriptedAuth0ServerTest {

    @Test
    void droppedReplyIsAnIOExceptionOnTheClientAndTheNextReplyStillWorks() throws Exception {
        try (ScriptedAuth0Server server = ScriptedAuth0Server.start()) {
            server.enqueue("/x", Reply.drop(), Reply.noContent());
            var http = Auth0TestClients.http();
            HttpRequest request = HttpRequest.newBuilder(server.baseUrl().resolve("/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();

            assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
            assertThat(server.requests("/x")).hasSize(2);
        }
    }

    @Test
    void lowerCaseHeaderNamesAreSentWithACapitalFirstLetter() throws Exception {
        try (ScriptedAuth0Server server = ScriptedAuth0Server.start();
                Socket socket = new Socket("127.0.0.1", server.baseUrl().getPort())) {
            server.enqueue("/h", Reply.noContent().header("x-ratelimit-reset", "1700000000"));
            OutputStream out = socket.getOutputStream();
            out.write("GET /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(raw).startsWith("HTTP/1.1 204").contains("\r\nX-ratelimit-reset: 1700000000\r\n");
        }
    }
}
