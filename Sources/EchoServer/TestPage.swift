/// The small browser page served at `GET /`: connect to the echo endpoint, send text, see the echo,
/// close — with a communication log. Browsers offer permessage-deflate on their own; the page shows
/// what was negotiated (`WebSocket.extensions`).
public enum TestPage {
    /// The page's HTML. `{{PATH}}` is replaced with the server's WebSocket path.
    static let template = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>wsbench echo test</title>
    <style>
    body { font: 14px system-ui, sans-serif; margin: 2em; max-width: 50em; }
    input, button { font: inherit; margin: 0.2em; }
    #url { width: 24em; }
    #log { border: 1px solid #ccc; padding: 0.5em; height: 20em; overflow-y: auto; font-family: monospace; white-space: pre-wrap; }
    .sent { color: #06c; } .received { color: #080; } .event { color: #666; } .error { color: #c00; }
    </style>
    </head>
    <body>
    <h1>wsbench echo test</h1>
    <p>
      <label>Server <input id="url"></label>
      <button id="connect">Connect</button>
      <button id="close" disabled>Close Socket</button>
    </p>
    <p>
      <label>Message <input id="message" value="Hello, wsbench!"></label>
      <button id="send" disabled>Send</button>
    </p>
    <p>State: <span id="state">not connected</span> · extensions: <span id="extensions">none</span></p>
    <p>Autotest: <span id="verdict">not run</span></p>
    <div id="log"></div>
    <script>
    const $ = (id) => document.getElementById(id);
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    $("url").value = scheme + location.host + "{{PATH}}";
    let socket = null;
    const exchanges = [];
    window.wsbenchExchanges = exchanges;
    function log(kind, text) {
      const line = document.createElement("div");
      line.className = kind;
      line.textContent = new Date().toISOString().substring(11, 23) + " " + kind.toUpperCase() + " " + text;
      $("log").appendChild(line);
      $("log").scrollTop = $("log").scrollHeight;
      exchanges.push({ kind: kind, text: text });
      document.title = "wsbench echo test (" + exchanges.length + ")";
    }
    function setState() {
      const names = ["connecting", "open", "closing", "closed"];
      $("state").textContent = socket ? names[socket.readyState] : "not connected";
      const open = socket && socket.readyState === WebSocket.OPEN;
      $("send").disabled = !open;
      $("close").disabled = !open;
      $("connect").disabled = open;
    }
    $("connect").onclick = () => {
      socket = new WebSocket($("url").value);
      setState();
      socket.onopen = () => {
        $("extensions").textContent = socket.extensions || "none";
        log("event", "open; extensions: " + (socket.extensions || "none"));
        setState();
      };
      socket.onmessage = (e) => { log("received", typeof e.data === "string" && e.data.length <= 40 ? e.data : (e.data.length || e.data.byteLength || e.data.size) + (typeof e.data === "string" ? " characters of text" : " bytes of binary")); };
      socket.onerror = () => { log("error", "WebSocket error"); };
      socket.onclose = (e) => { log("event", "closed: code " + e.code + (e.reason ? " (" + e.reason + ")" : "") + ", clean: " + e.wasClean); setState(); };
    };
    $("send").onclick = () => { const text = $("message").value; socket.send(text); log("sent", text); };
    $("close").onclick = () => { socket.close(1000, "bye"); setState(); };
    const params = new URLSearchParams(location.search);
    if (params.has("autotest")) {
      // For headless checks (scripts/browser-check.sh): connect, send four messages (the given text,
      // non-ASCII text, 64 KiB of text, 1000 bytes of binary), check each echo, close with 1000, then
      // write a verdict into #verdict: "PASS …" or "FAIL …".
      const text = params.get("autotest") || "autotest";
      const binary = new Uint8Array(1000);
      for (let i = 0; i < binary.length; i++) binary[i] = (i * 7) & 255;
      const cases = [text, "h\u00e9llo \u2713 \u00fcn\u00efc\u00f6d\u00e9 \ud83d\ude80", "wsbench ".repeat(8192), binary];
      const same = (a, b) => {
        if (typeof a === "string") return a === b;
        if (!(b instanceof ArrayBuffer) || b.byteLength !== a.length) return false;
        const v = new Uint8Array(b);
        return a.every((x, i) => x === v[i]);
      };
      const describe = (m) => typeof m === "string" ? (m.length > 40 ? m.length + " characters of text" : m) : m.byteLength + " bytes of binary";
      // With ?report=URL the verdict and the log are also POSTed there: a headless check then waits in
      // real time for the report instead of relying on Chromium's virtual time, which skips ahead
      // while the page only awaits WebSocket messages (and so fired the timeout early).
      const report = params.get("report");
      let next = 0, matched = 0, verdict = null;
      const finish = (v) => {
        if (verdict !== null) return;
        verdict = v; $("verdict").textContent = v; log("event", "autotest: " + v);
        if (report) fetch(report, { method: "POST", mode: "no-cors", body: v + "\n" + $("log").innerText });
      };
      const sendNext = () => {
        const m = cases[next];
        socket.send(m);
        log("sent", describe(m));
      };
      $("message").value = text;
      $("connect").click();
      socket.binaryType = "arraybuffer";
      socket.addEventListener("open", sendNext);
      socket.addEventListener("message", (e) => {
        if (!same(cases[next], e.data)) { finish("FAIL echo " + (next + 1) + " differs"); socket.close(1000); return; }
        matched += 1; next += 1;
        if (next < cases.length) sendNext(); else socket.close(1000, "bye");
      });
      socket.addEventListener("close", (e) => {
        const ok = matched === cases.length && e.code === 1000 && e.wasClean;
        finish((ok ? "PASS" : "FAIL") + " echoes " + matched + "/" + cases.length + "; close " + e.code + ", clean " + e.wasClean +
               "; extensions: " + (socket.extensions || "none"));
      });
      setTimeout(() => finish("FAIL timed out after 10 s (echoes " + matched + "/" + cases.length + ")"), 10000);
    }
    </script>
    </body>
    </html>
    """#

    /// The page for a server whose WebSocket endpoint is at `path`.
    public static func html(webSocketPath path: String) -> String {
        template.replacing("{{PATH}}", with: path)
    }
}
