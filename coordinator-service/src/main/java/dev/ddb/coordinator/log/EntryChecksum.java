package dev.ddb.coordinator.log;

import dev.ddb.mysql.cluster.Privileges;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * CRC32C of a {@link LogEntry}'s canonical byte form, which depends only on the entry's values,
 * never on how the log stores them (JSON spacing, column order).
 *
 * <p>The form, in order: a format byte; ts, txn id, epoch; the statement count and, per statement,
 * its SQL, its parameters (each a type tag and its value, so the string {@code "1"} and the number
 * 1 differ) and its insert id; the session timestamp; the table count and the tables, sorted; for a client's entry,
 * a last byte {@code C}. Numbers are big-endian, strings are their UTF-8 length then bytes (length -1 for null).
 *
 * <p>The suite's entries end after the tables, as every entry did before entries said whose privileges they run
 * with: an older entry, read back as the suite's, keeps its checksum, and moving an entry from one side to the other
 * changes it.
 */
public final class EntryChecksum {

    private static final byte FORMAT = 1;
    private static final byte NULL = 'N';
    private static final byte STRING = 'S';
    private static final byte BOOLEAN = 'B';
    private static final byte INTEGER = 'I';
    private static final byte DECIMAL = 'D';
    private static final byte CLIENT = 'C';

    private EntryChecksum() {
    }

    /** The checksum as the log stores it: an unsigned 32-bit value. */
    public static long of(LogEntry entry) {
        CRC32C crc = new CRC32C();
        crc.update(canonicalBytes(entry));
        return crc.getValue();
    }

    static byte[] canonicalBytes(LogEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(entry.ts());
            writeString(out, entry.txnId());
            out.writeLong(entry.epoch());
            out.writeInt(entry.statements().size());
            for (LoggedStatement statement : entry.statements()) {
                writeString(out, statement.sql());
                out.writeInt(statement.params().size());
                for (Object param : statement.params()) {
                    writeParam(out, param);
                }
                out.writeLong(statement.insertId());
            }
            writeString(out, entry.sessionTimestamp());
            out.writeInt(entry.tables().size());
            for (String table : entry.tables()) {
                writeString(out, table);
            }
            if (entry.runsAs() == Privileges.CLIENT) {
                out.writeByte(CLIENT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeParam(DataOutputStream out, Object param) throws IOException {
        if (param == null) {
            out.writeByte(NULL);
        } else if (param instanceof String text) {
            out.writeByte(STRING);
            writeString(out, text);
        } else if (param instanceof Boolean flag) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(flag);
        } else if (param instanceof Long || param instanceof BigInteger) {
            out.writeByte(INTEGER);
            writeString(out, param.toString());
        } else if (param instanceof BigDecimal number) {
            out.writeByte(DECIMAL);
            writeString(out, number.unscaledValue().toString());
            out.writeInt(number.scale());
        } else {
            throw new IllegalArgumentException("LoggedStatement admits no parameter of type " + param.getClass().getName());
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
