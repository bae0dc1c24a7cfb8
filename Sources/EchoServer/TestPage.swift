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
      socket.onmessage = (e) => { log("received", e.data); };
      socket.onerror = () => { log("error", "WebSocket error"); };
      socket.onclose = (e) => { log("event", "closed: code " + e.code + (e.reason ? " (" + e.reason + ")" : "") + ", clean: " + e.wasClean); setState(); };
    };
    $("send").onclick = () => { const text = $("message").value; socket.send(text); log("sent", text); };
    $("close").onclick = () => { socket.close(1000, "bye"); setState(); };
    const params = new URLSearchParams(location.search);
    if (params.has("autotest")) {
      // For headless checks: connect, send, wait for the echo, close.
      const text = params.get("autotest") || "autotest";
      $("message").value = text;
      $("connect").click();
      socket.addEventListener("open", () => $("send").click());
      socket.addEventListener("message", (e) => { if (e.data === text) $("close").click(); });
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
