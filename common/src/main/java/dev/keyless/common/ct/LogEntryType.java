package dev.keyless.common.ct;

/** RFC 6962 §3.1 {@code enum { x509_entry(0), precert_entry(1), (65535) } LogEntryType}, a uint16 on the wire. */
public enum LogEntryType {
    X509_ENTRY(0),
    PRECERT_ENTRY(1);

    private final int code;

    LogEntryType(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** @throws CtParseException for any value other than 0 and 1 */
    public static LogEntryType fromCode(int code) {
        return switch (code) {
            case 0 -> X509_ENTRY;
            case 1 -> PRECERT_ENTRY;
            default -> throw new CtParseException("entry_type is " + code + ", want 0 (x509_entry) or 1 (precert_entry)");
        };
    }
}
