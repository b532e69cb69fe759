// Passkeys (WebAuthn): add one from the account page, or sign in with one after the
// password. Pages work without this script: the authenticator app's code remains.
"use strict";

(function () {
  function toBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function toBase64url(buffer) {
    let text = "";
    new Uint8Array(buffer).forEach((byte) => { text += String.fromCharCode(byte); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBytes(descriptors) {
    return (descriptors || []).map((d) => Object.assign({}, d, { id: toBytes(d.id) }));
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) { throw Object.assign(new Error("refused"), { answer: answer }); }
    return answer;
  }

  function credentialJSON(credential) {
    const r = credential.response;
    const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) { response.userHandle = toBase64url(r.userHandle); }
    }
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  async function register(box) {
    const options = await post(box.dataset.optionsUrl);
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = withBytes(options.excludeCredentials);
    const credential = await navigator.credentials.create({ publicKey: options });
    const name = box.querySelector("[data-passkey-name]").value;
    return post(box.dataset.url, { credential: credentialJSON(credential), name: name });
  }

  async function signIn(box) {
    const options = await post(box.dataset.optionsUrl);
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = withBytes(options.allowCredentials);
    const credential = await navigator.credentials.get({ publicKey: options });
    return post(box.dataset.url, credentialJSON(credential));
  }

  function setUp(box) {
    const error = box.querySelector("[data-passkey-error]");
    const ceremony = box.dataset.passkey === "register" ? register : signIn;
    box.hidden = false;
    box.querySelector("button").addEventListener("click", async () => {
      error.hidden = true;
      try {
        const answer = await ceremony(box);
        window.location.assign(answer.redirect);
      } catch (failure) {
        const answer = failure.answer || {};
        if (answer.redirect) { window.location.assign(answer.redirect); return; }
        error.hidden = false;
      }
    });
  }

  if (window.PublicKeyCredential && navigator.credentials) {
    document.querySelectorAll("[data-passkey]").forEach(setUp);
  }
})();
