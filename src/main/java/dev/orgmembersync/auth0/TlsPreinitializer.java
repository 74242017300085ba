package dev.orgmembersync.auth0;

import java.net.http.HttpClient;

import javax.net.ssl.SSLContext;

import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Spring Boot runs this on its background thread while the context starts (as it does for Jackson and validation):
 * loading the JDK's trust store and HTTP client is some 70 ms that the client bean would otherwise spend on the
 * main thread before the first request. Registered in {@code META-INF/spring.factories}.
 */
public final class TlsPreinitializer implements BackgroundPreinitializer {

    @Override
    public void preinitialize() throws Exception {
        SSLContext.getDefault();
        HttpClient.newBuilder();
    }
}
