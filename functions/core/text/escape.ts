/**
 * Text made safe to put inside markup: HTML (the emails, the local Teams sink's page) and XML (the
 * synthetic CIN census). The same five characters have a meaning in both. Pure, and loads nothing, so
 * that a generator or a page can use it without the email renderer's MJML.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for element content and quoted attributes, in HTML and in XML alike. */
export const escapeMarkup = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
