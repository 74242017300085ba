package dev.orgmembersync.csv;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the first physical line of a file that is not valid UTF-8, for the error message. */
final class Utf8Check {

    private Utf8Check() {
    }

    /** @return the 1-based line number, or -1 if every line decodes */
    static long firstBadLine(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    if (!decodes(decoder, line)) {
                        return number;
                    }
                    line.reset();
                    number++;
                }
                else {
                    line.write(b);
                }
            }
            return decodes(decoder, line) ? -1 : number;
        }
        catch (IOException ex) {
            return -1;
        }
    }

    private static boolean decodes(CharsetDecoder decoder, ByteArrayOutputStream line) {
        try {
            decoder.reset().decode(ByteBuffer.wrap(line.toByteArray()));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }
}
