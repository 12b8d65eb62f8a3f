package dev.keyless.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments with defaults, and the loopback guard for load tools. */
final class Args {
    private Args() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> out = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs; got " + args[i]);
            }
            String name = args[i].substring(2);
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + defaults.keySet());
            }
            out.put(name, args[i + 1]);
        }
        return out;
    }

    /** Load is only ever sent to this machine. */
    static void requireLoopback(URI uri) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to send load to a non-loopback address: " + uri.getHost());
            }
        }
    }
}
