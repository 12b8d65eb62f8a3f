package dev.keyless.tuf;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One target file: its name as clients ask for it ({@code trusted_root.json}), its bytes, and the {@code custom}
 * metadata listed beside its hashes (Sigstore's {@code {"sigstore":{"usage","status","uri"}}} for the legacy key
 * targets; empty for the others, as root-signing lists them).
 */
public record Target(String name, byte[] bytes, Map<String, Object> custom) {
    /** Names become file names ({@code targets/<sha256>.<name>}): no separators, no leading dot. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public Target {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("target name is " + name + ", want " + NAME.pattern());
        }
        bytes = bytes.clone();
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    public Target(String name, byte[] bytes) {
        this(name, bytes, Map.of());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
