/**
 * A client assertion for the client-credentials flow with a certificate instead of a secret: a JWT
 * signed with the certificate's private key (RS256), naming the certificate by its SHA-1 thumbprint
 * (`x5t`) as the Microsoft identity platform expects. Pure except for the instant it is made at.
 * @module
 */
import { createHash, createPrivateKey, createSign, randomUUID, X509Certificate } from 'node:crypto';
import type { CertificateProblem } from '../../messages/cli-commands.js';

/** A certificate and its private key, read from one PEM file (as Azure Identity's AZURE_CLIENT_CERTIFICATE_PATH). */
export interface ClientCertificate {
  /** base64url SHA-1 thumbprint of the certificate's DER bytes. */
  thumbprint: string;
  /** The private key, as PEM. */
  privateKeyPem: string;
}

/** Reads a PEM text holding a certificate and its private key; what is wrong when it does not (never the file's contents). */
export function readClientCertificate(pem: string): { ok: true; certificate: ClientCertificate } | { ok: false; reason: CertificateProblem } {
  const block = (label: RegExp) => new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]+?-----END \\1-----`, 'u').exec(pem)?.[0];
  const certificatePem = block(/CERTIFICATE/u);
  const keyPem = block(/(?:RSA |EC |ENCRYPTED )?PRIVATE KEY/u);
  if (!certificatePem) return { ok: false, reason: 'no-certificate' };
  if (!keyPem) return { ok: false, reason: 'no-key' };
  try {
    const certificate = new X509Certificate(certificatePem);
    createPrivateKey(keyPem);
    return { ok: true, certificate: { thumbprint: createHash('sha1').update(certificate.raw).digest('base64url'), privateKeyPem: keyPem } };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The signed JWT for `client_assertion`, valid for ten minutes from `nowMs`. */
export function clientAssertion(certificate: ClientCertificate, clientId: string, tokenUrl: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', x5t: certificate.thumbprint })}.${base64url({ aud: tokenUrl, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(certificate.privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}
