package dev.keyless.common.x509;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * The Fulcio arc {@code 1.3.6.1.4.1.57264.1} (Sigstore's IANA private enterprise number 57264), as listed in
 * Fulcio's {@code docs/oid-info.md} and rendered by {@code pkg/certificate/extensions.go}. Values .1–.6 are the
 * deprecated v1 extensions whose extnValue is raw UTF-8; .8 onward carry a DER UTF8String; .7 is not an extension
 * at all but the type-id of the otherName SAN used for username identities.
 */
public final class SigstoreOids {
    /** The arc itself; every constant below is a direct child. */
    public static final ASN1ObjectIdentifier FULCIO_ARC = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1");

    /** .1 OIDC issuer (v1, deprecated, raw UTF-8; still always emitted next to .8). */
    public static final ASN1ObjectIdentifier ISSUER_V1 = FULCIO_ARC.branch("1");
    /** .2 GitHub Workflow Trigger (deprecated, raw UTF-8). */
    public static final ASN1ObjectIdentifier GITHUB_WORKFLOW_TRIGGER = FULCIO_ARC.branch("2");
    /** .3 GitHub Workflow SHA (deprecated, raw UTF-8). */
    public static final ASN1ObjectIdentifier GITHUB_WORKFLOW_SHA = FULCIO_ARC.branch("3");
    /** .4 GitHub Workflow Name (deprecated, raw UTF-8). */
    public static final ASN1ObjectIdentifier GITHUB_WORKFLOW_NAME = FULCIO_ARC.branch("4");
    /** .5 GitHub Workflow Repository (deprecated, raw UTF-8). */
    public static final ASN1ObjectIdentifier GITHUB_WORKFLOW_REPOSITORY = FULCIO_ARC.branch("5");
    /** .6 GitHub Workflow Ref (deprecated, raw UTF-8). */
    public static final ASN1ObjectIdentifier GITHUB_WORKFLOW_REF = FULCIO_ARC.branch("6");
    /** .7 type-id of the otherName SAN for username identities (not an extension; see {@link OtherNameSan}). */
    public static final ASN1ObjectIdentifier OTHER_NAME_SAN = FULCIO_ARC.branch("7");
    /** .8 OIDC issuer (v2, DER UTF8String). */
    public static final ASN1ObjectIdentifier ISSUER_V2 = FULCIO_ARC.branch("8");
    /** .9 Build Signer URI. */
    public static final ASN1ObjectIdentifier BUILD_SIGNER_URI = FULCIO_ARC.branch("9");
    /** .10 Build Signer Digest. */
    public static final ASN1ObjectIdentifier BUILD_SIGNER_DIGEST = FULCIO_ARC.branch("10");
    /** .11 Runner Environment. */
    public static final ASN1ObjectIdentifier RUNNER_ENVIRONMENT = FULCIO_ARC.branch("11");
    /** .12 Source Repository URI. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_URI = FULCIO_ARC.branch("12");
    /** .13 Source Repository Digest. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_DIGEST = FULCIO_ARC.branch("13");
    /** .14 Source Repository Ref. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_REF = FULCIO_ARC.branch("14");
    /** .15 Source Repository Identifier. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_IDENTIFIER = FULCIO_ARC.branch("15");
    /** .16 Source Repository Owner URI. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_OWNER_URI = FULCIO_ARC.branch("16");
    /** .17 Source Repository Owner Identifier. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_OWNER_IDENTIFIER = FULCIO_ARC.branch("17");
    /** .18 Build Config URI. */
    public static final ASN1ObjectIdentifier BUILD_CONFIG_URI = FULCIO_ARC.branch("18");
    /** .19 Build Config Digest. */
    public static final ASN1ObjectIdentifier BUILD_CONFIG_DIGEST = FULCIO_ARC.branch("19");
    /** .20 Build Trigger. */
    public static final ASN1ObjectIdentifier BUILD_TRIGGER = FULCIO_ARC.branch("20");
    /** .21 Run Invocation URI. */
    public static final ASN1ObjectIdentifier RUN_INVOCATION_URI = FULCIO_ARC.branch("21");
    /** .22 Source Repository Visibility At Signing. */
    public static final ASN1ObjectIdentifier SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING = FULCIO_ARC.branch("22");
    /** .23 Deployment Environment (Fulcio v1.8.0). */
    public static final ASN1ObjectIdentifier DEPLOYMENT_ENVIRONMENT = FULCIO_ARC.branch("23");
    /** .24 Token Subject: the raw OIDC {@code sub} claim (Fulcio v1.8.6). */
    public static final ASN1ObjectIdentifier TOKEN_SUBJECT = FULCIO_ARC.branch("24");

    private SigstoreOids() {
    }
}
