package dev.keyless.common.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle JCA provider instance of the process, passed explicitly where it is wanted and never
 * registered globally. Here it signs P-384 about 1.6x and verifies it about 2x as fast as the JDK.
 */
public final class BouncyCastle {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
