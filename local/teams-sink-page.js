/*
 * The Teams sink page's script (served as /assets/sink.js): draws each card listed on the page with the
 * Adaptive Cards renderer, in place of its text. It reads the cards from the sink's own `GET /cards`
 * and writes nothing into the page but what the renderer builds; the markdown it hands the renderer is
 * read as Teams reads a TextBlock's: bold, italics, bulleted and numbered lists and links, with HTML
 * taken as text. A card the renderer cannot draw keeps its text, with the renderer's reason.
 *
 * When it has finished, <body> carries data-cards-drawn="<count>" (the screenshot test waits for it).
 */
(() => {
  const { AdaptiveCards, markdownit } = window;
  const finish = (drawn) => {
    document.body.dataset.cardsDrawn = String(drawn);
  };
  if (!AdaptiveCards || !markdownit) return finish(0);

  // Teams' subset of markdown. markdown-it's "zero" preset reads paragraphs only; `html: false` keeps
  // any markup in a card's text as text; links are checked by markdown-it (no javascript: or data:).
  const markdown = markdownit('zero', { html: false, linkify: false, typographer: false }).enable([
    'emphasis',
    'list',
    'link',
    'escape',
    'newline',
  ]);
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown.render(text);
    result.didProcess = true;
  };

  // Teams' light theme, as near as its public figures go: Segoe UI (or the system's sans-serif), its
  // type sizes, greys and accent colour, up to six buttons in a row.
  const foreground = (color, subtle) => ({ default: color, subtle });
  const hostConfig = new AdaptiveCards.HostConfig({
    fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif",
    supportsInteractivity: true,
    fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#E0E0E0' },
    containerStyles: {
      default: {
        backgroundColor: '#FFFFFF',
        foregroundColors: {
          default: foreground('#242424', '#616161'),
          dark: foreground('#242424', '#424242'),
          light: foreground('#FFFFFF', '#F5F5F5'),
          accent: foreground('#5B5FC7', '#4F52B2'),
          good: foreground('#0E700E', '#0E700E'),
          warning: foreground('#835C00', '#835C00'),
          attention: foreground('#C4314B', '#C4314B'),
        },
      },
      emphasis: {
        backgroundColor: '#F5F5F5',
        foregroundColors: {
          default: foreground('#242424', '#616161'),
          accent: foreground('#5B5FC7', '#4F52B2'),
          attention: foreground('#C4314B', '#C4314B'),
        },
      },
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    },
  });

  /** The Adaptive Card a webhook message carries, or null. */
  const adaptiveCardOf = (payload) => {
    const attachments = payload && Array.isArray(payload.attachments) ? payload.attachments : [];
    const attachment = attachments.find(
      (a) => a && a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content,
    );
    return attachment ? attachment.content : null;
  };

  /** What the renderer said while reading a card, one line each. */
  const warningsOf = (context) =>
    Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);

  const note = (text) => {
    const p = document.createElement('p');
    p.className = 'renderer-note';
    p.textContent = text;
    return p;
  };

  const draw = (item, payload) => {
    const content = adaptiveCardOf(payload);
    if (!content) {
      item.append(note('Not drawn: the message carries no Adaptive Card attachment.'));
      return false;
    }
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    // Buttons open their link in a new tab, as Teams does; only web links.
    card.onExecuteAction = (action) => {
      if (action instanceof AdaptiveCards.OpenUrlAction && /^https?:\/\//i.test(action.url || '')) {
        window.open(action.url, '_blank', 'noopener,noreferrer');
      }
    };
    const context = new AdaptiveCards.SerializationContext();
    let element = null;
    try {
      card.parse(content, context);
      element = card.render();
    } catch (error) {
      item.append(note(`Not drawn: ${error?.message ? error.message : 'the renderer failed'}.`));
      return false;
    }
    if (!element) {
      item.append(note('Not drawn: the renderer made nothing of this card.'));
      return false;
    }
    const frame = document.createElement('div');
    frame.className = 'card-frame';
    frame.append(element);
    const text = item.querySelector('.card-text');
    if (text) text.replaceWith(frame);
    else item.append(frame);
    for (const warning of warningsOf(context)) item.append(note(`Renderer: ${warning}`));
    item.classList.add('drawn');
    return true;
  };

  fetch('/cards', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : []))
    .then((cards) => {
      let drawn = 0;
      for (const item of document.querySelectorAll('li[data-card]')) {
        const card = cards[Number(item.dataset.card)];
        if (card && draw(item, card.payload)) drawn += 1;
      }
      finish(drawn);
    })
    .catch(() => finish(0));
})();
