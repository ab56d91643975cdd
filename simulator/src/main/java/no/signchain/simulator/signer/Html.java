package no.signchain.simulator.signer;

/** Minimal HTML helpers for the signer page. */
public final class Html {

    private Html() {}

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="nb">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; background: #f3f4f7; color: #1d1d2c; margin: 0; }
                  main { max-width: 36rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
                         box-shadow: 0 1px 4px rgba(0,0,0,.12); }
                  h1 { font-size: 1.4rem; margin-top: 0; }
                  .banner { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: #6b6b80; }
                  dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
                  dt { color: #6b6b80; }
                  dd { margin: 0; }
                  .buttons { display: flex; gap: 1rem; margin-top: 1.5rem; }
                  button { font-size: 1rem; padding: .7rem 1.6rem; border-radius: 6px; border: 1px solid #39134c; cursor: pointer; }
                  #sign-button { background: #39134c; color: #fff; }
                  #reject-button { background: #fff; color: #39134c; }
                  .state { font-weight: bold; }
                </style>
                </head>
                <body>
                <main>
                <div class="banner">BankID signing &middot; signchain simulator</div>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), body);
    }
}
