/**
 * A throwaway certificate authority and a server certificate for one IP address, made with
 * openssl, for coturn's TLS listener (`turns:`) in the network lab. The browser is told to trust
 * exactly this certificate's public key (`spkiHash`, for Chromium's
 * `--ignore-certificate-errors-spki-list`), nothing more.
 */
import { run } from "./run.ts";

/** Files of a generated certificate. */
export interface TestCert {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** base64 SHA-256 of the server certificate's SubjectPublicKeyInfo. */
  spkiHash: string;
  remove(): Promise<void>;
}

/** Makes a CA and a certificate for `ip` signed by it (EC P-256, valid 2 days). */
export async function makeTestCert(ip: string): Promise<TestCert> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-netlab-tls-" });
  const f = (name: string) => `${dir}/${name}`;
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await run("openssl", [
    ...["req", "-x509", ...ec, "-keyout", f("ca.key"), "-out", f("ca.pem")],
    ...["-days", "2", "-subj", "/CN=Frontdesk netlab test CA"],
  ]);
  await run("openssl", [
    ...["req", ...ec, "-keyout", f("server.key"), "-out", f("server.csr")],
    ...["-subj", `/CN=${ip}`],
  ]);
  await Deno.writeTextFile(
    f("ext.cnf"),
    `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
  );
  await run("openssl", [
    ...["x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key")],
    ...["-CAcreateserial", "-out", f("server.pem"), "-days", "2", "-extfile", f("ext.cnf")],
  ]);
  const pub = await run("openssl", ["x509", "-in", f("server.pem"), "-pubkey", "-noout"]);
  const der = await run("sh", [
    "-c",
    "openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64",
  ], pub);
  await Deno.chmod(f("server.key"), 0o600);
  return {
    dir,
    caFile: f("ca.pem"),
    certFile: f("server.pem"),
    keyFile: f("server.key"),
    spkiHash: der.trim(),
    remove: () => Deno.remove(dir, { recursive: true }),
  };
}
