/* The ad-free decision at the edge, for nginx with njs (Debian: apt-get install libnginx-mod-http-js).
   Verifies the adfree_pass cookie as the browser snippet does: ES256 against the service's JWKS (kid match), issuer,
   expiry, ad_free. Answers an auth_request subrequest with X-Ad-Free: true|false (always 204: the page is served
   either way), which the site's location passes on to the site's servers, so server-rendered ads need no call.
   The JWKS is fetched through /_adfree_jwks, which nginx caches (see adfree.conf): no call per page view. */

/* njs 0.7 imports EC public keys as SPKI only: the fixed DER prefix of a P-256 key, then 04 || x || y. */
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

function cookie(r, name) {
  const header = r.headersIn.Cookie || "";
  const match = header.match(new RegExp("(?:^|;\\s*)" + name + "=([^;]+)"));
  return match ? match[1] : null;
}

function part(text) {
  return JSON.parse(Buffer.from(text, "base64url").toString());
}

async function verify(r, token) {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const header = part(parts[0]);
  const claims = part(parts[1]);
  if (header.alg !== "ES256" || typeof header.kid !== "string") return false;

  const jwks = await r.subrequest("/_adfree_jwks");
  if (jwks.status !== 200) return false;
  const jwk = (JSON.parse(jwks.responseText).keys || []).find(k => k.kid === header.kid && k.kty === "EC" && k.crv === "P-256");
  if (!jwk) return false;
  const x = Buffer.from(jwk.x, "base64url"), y = Buffer.from(jwk.y, "base64url");
  const signature = Buffer.from(parts[2], "base64url");
  if (x.length !== 32 || y.length !== 32 || signature.length !== 64) return false;

  const key = await crypto.subtle.importKey("spki", Buffer.concat([P256_SPKI_PREFIX, Buffer.from([4]), x, y]),
    { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const valid = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, Buffer.from(parts[0] + "." + parts[1]));
  return valid && claims.iss === r.variables.adfree_issuer && typeof claims.exp === "number"
    && claims.exp * 1000 > Date.now() && claims.ad_free === true;
}

async function decide(r) {
  let adFree = false;
  const token = cookie(r, "adfree_pass");
  if (token && token.length <= 4096) {
    try {
      adFree = await verify(r, token);
    } catch (e) {
      adFree = false; // malformed pass or unreachable keys: not ad-free, never an error page
      r.warn("adfree: pass not verified: " + e.message);
    }
  }
  r.headersOut["X-Ad-Free"] = adFree ? "true" : "false";
  r.return(204);
}

export default { decide };
