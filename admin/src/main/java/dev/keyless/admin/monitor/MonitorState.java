package dev.keyless.admin.monitor;

import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last checkpoint the monitor verified, kept in a file so a restart resumes there: the shard (tree ID), its size and
 * root, the signed checkpoint itself (evidence for a later alert), and the right border of the tree at that size
 * (the compact range), so new entries are verified by appending their leaf hashes without fetching old ones.
 *
 * <p>The file is written whole and renamed into place: a crash leaves the previous state, never a torn one.
 */
record MonitorState(String treeId, long size, Hash root, String checkpoint, List<Hash> border) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    MonitorState {
        border = List.copyOf(border);
    }

    static MonitorState read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode n = JSON.readTree(Files.readAllBytes(file));
        List<Hash> border = new ArrayList<>();
        for (JsonNode h : n.path("border")) {
            border.add(Hash.fromHex(h.asString()));
        }
        return new MonitorState(n.path("treeId").asString(), n.path("size").asLong(),
                Hash.fromHex(n.path("root").asString()), n.path("checkpoint").asString(), border);
    }

    void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("treeId", treeId);
        m.put("size", size);
        m.put("root", root.toHex());
        m.put("checkpoint", checkpoint);
        m.put("border", border.stream().map(Hash::toHex).toList());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "monitor", ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
