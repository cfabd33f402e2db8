import HTTPTypes
import Hummingbird
import LibCrypto
import NIOCore

/// The console's static files, carried in the binary and served under content-hashed names, so that
/// they can be cached for a year: a changed file has a new name, and pages name the current one.
public enum ConsoleAssets {
    static let stylesheet = """
        :root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #0b6e4f; --warn: #b42318; --bg: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.6 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .6rem 1.5rem; background: var(--accent); color: #fff; }
        header.top a { color: #fff; text-decoration: none; }
        header.top .brand { font-weight: 600; margin-right: auto; }
        header.top nav { display: flex; flex-wrap: wrap; gap: 1rem; }
        header.top .badge { display: inline-block; min-width: 1.2em; padding: 0 .35em; border-radius: .6em; background: #fff; color: var(--accent); font-size: .8em; text-align: center; }
        header.top .signout button { background: transparent; color: #fff; border: 1px solid #fff; border-radius: 4px; padding: .2rem .7rem; cursor: pointer; }
        main { max-width: 1200px; margin: 1.5rem auto; padding: 0 1.5rem; }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .75rem; }
        section, .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1.25rem 1.5rem; margin-bottom: 1.25rem; }
        section > h2:first-child, .card > h1:first-child { margin-top: 0; }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; white-space: nowrap; }
        form.stacked label { display: block; margin: .8rem 0 .25rem; font-weight: 600; }
        input, select, textarea { font: inherit; padding: .4rem .55rem; border: 1px solid #bcccdc; border-radius: 4px; width: 100%; max-width: 28rem; }
        button, .button { font: inherit; padding: .45rem 1.1rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
        button.secondary, .button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: var(--warn); border-color: var(--warn); }
        .error, .field-error { color: var(--warn); }
        .notice { padding: .6rem 1rem; border-radius: 4px; background: #e3f8ef; border: 1px solid #a3e2c6; margin-bottom: 1rem; }
        .muted { color: var(--muted); }
        .counts { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
        figure.attachment { display: inline-block; margin: 0 1rem 1rem 0; vertical-align: top; }
        figure.attachment img { display: block; max-width: 100%; max-height: 420px; border: 1px solid var(--line); }
        form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
        form.filters label { display: flex; flex-direction: column; font-weight: 600; }
        form.filters input, form.filters select { width: auto; }
        table form { display: inline-block; margin: .2rem .4rem .2rem 0; }
        table form input { width: 12rem; }
        ol.timeline { padding-left: 1.2rem; }
        fieldset { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1.25rem; padding: 1rem 1.5rem; }
        legend { font-weight: 600; padding: 0 .4rem; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .5rem 1.25rem; }
        .field label { display: block; font-weight: 600; margin-bottom: .2rem; }
        .field-error { display: block; font-size: .9em; }
        .review { display: grid; grid-template-columns: 3fr 2fr; gap: 1.25rem; align-items: start; }
        .review .photos img { max-height: 360px; }
        .counts li { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1rem; min-width: 8rem; }
        @media (max-width: 700px) {
          .review { grid-template-columns: 1fr; }
          main { padding: 0 .75rem; }
          table, thead, tbody, tr, th, td { display: block; }
          thead { display: none; }
          td { border: none; padding: .2rem 0; }
          tr { border-bottom: 1px solid var(--line); padding: .5rem 0; }
        }
        """

    static let stylesheetHash = String(Hex.encode(SHA256.hash(Array(stylesheet.utf8))).prefix(16))

    /// Where pages link the stylesheet.
    public static let stylesheetPath = ConsolePaths.asset.link("console-\(stylesheetHash).css")

    /// The asset for a path under `/console/assets/`, with its type; nil for anything else (an old
    /// hash included: a page naming it is from before a deployment and reloads).
    static func asset(named name: String) -> (type: String, body: String)? {
        name == "console-\(stylesheetHash).css" ? ("text/css; charset=utf-8", stylesheet) : nil
    }

    static func response(for name: String) -> Response? {
        guard let (type, body) = asset(named: name) else { return nil }
        return Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=31536000, immutable"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}
