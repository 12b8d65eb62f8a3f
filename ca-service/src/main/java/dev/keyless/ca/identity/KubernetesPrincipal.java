package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;

/**
 * A Kubernetes service account (type {@code kubernetes}): SAN
 * {@code https://kubernetes.io/namespaces/<ns>/serviceaccounts/<name>} from the {@code kubernetes.io} claim object.
 */
public record KubernetesPrincipal(String issuer, String subject, String namespace, String serviceAccount, Claims claims)
        implements Principal {

    static KubernetesPrincipal from(Claims claims) {
        return new KubernetesPrincipal(claims.require("iss"), claims.require("sub"),
                claims.require("kubernetes.io.namespace"), claims.require("kubernetes.io.serviceaccount.name"), claims);
    }

    @Override
    public String name() {
        return subject;
    }

    @Override
    public SubjectAltName subjectAltName() {
        return new SubjectAltName.Uri("https://kubernetes.io/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount);
    }

    @Override
    public SigstoreExtensions extensions() {
        return Principal.baseExtensions(issuer, subject);
    }
}
