import type { TLUiOverrides } from 'tldraw';
import { EMOTION_POINT_SHAPE } from '../../../shared/src/index.ts';

/**
 * tldraw's own UI is translated by the files of @tldraw/assets (served by our server), but its
 * German file says "Sie" where the app says "du", leaves some strings in English ("Styles",
 * "Tools", "Dash", "Minimap" …) and misses one key, which tldraw then shows in English. These
 * replace them. Words German uses as they are (Zoom, Laser, Text, Link, Status, PNG …) stay as
 * tldraw has them.
 */
export const TLDRAW_GERMAN_FIXES: Readonly<Record<string, string>> = {
  // "du" as everywhere else in the app.
  'action.paste-error-description':
    'Einfügen nicht möglich, da keine Berechtigung für die Zwischenablage vorliegt. Bitte erlaube den Zugriff und versuch es noch einmal.',
  'comments.empty-filtered': 'Keine Kommentare passen zu deinen Filtern.',
  'comments.mention-you': 'du',
  'embed-dialog.instruction': 'Füge die URL der Website ein, um sie einzubetten.',
  'file-system.confirm-clear.description':
    'Wenn du ein neues Projekt erstellst, wird dein aktuelles Projekt gelöscht und alle nicht gespeicherten Änderungen gehen verloren. Möchtest du wirklich fortfahren?',
  'file-system.confirm-open.description':
    'Wenn du eine Datei öffnest, wird dein aktuelles Projekt ersetzt und alle nicht gespeicherten Änderungen gehen verloren. Möchtest du wirklich fortfahren?',
  'file-system.file-open-error.file-format-version-too-new':
    'Die Datei, die du öffnen wolltest, stammt von einer neueren Version von tldraw. Bitte lade die Seite neu und versuch es noch einmal.',
  'file-system.file-open-error.generic-corrupted-file': 'Die Datei, die du öffnen wolltest, ist beschädigt.',
  'file-system.file-open-error.not-a-tldraw-file': 'Die Datei, die du öffnen wolltest, sieht nicht wie eine tldraw-Datei aus.',
  'people-menu.leading': 'Folgt dir',
  'people-menu.user': '(du)',
  'share-menu.fork-note': 'Erstelle ein neues gemeinsames Projekt auf Grundlage dieses Snapshots.',
  'share-menu.offline-note':
    'Wenn du dieses Projekt freigibst, wird eine gehostete Live-Kopie unter einer neuen URL erstellt. Du kannst die URL mit bis zu dreißig anderen Personen teilen, um das Projekt gemeinsam anzusehen und zu bearbeiten.',
  'share-menu.save-note': 'Lade dieses Projekt als .tldr-Datei auf deinen Computer herunter.',
  'share-menu.snapshot-link-note': 'Erfasse dieses Projekt und teile es als schreibgeschützten Snapshot-Link.',
  'share-menu.upload-failed':
    'Dein Projekt kann im Moment leider nicht hochgeladen werden. Versuch es bitte noch einmal oder sag uns Bescheid, falls das Problem bleibt.',
  'sharing.confirm-leave.description':
    'Möchtest du dieses gemeinsame Projekt wirklich verlassen? Über die URL kannst du jederzeit zurückkehren.',
  'tool.rich-text-link-visit': 'Link öffnen',
  'vscode.file-open.desc':
    'Diese Datei wurde mit einer früheren Version von tldraw erstellt. Möchtest du sie aktualisieren, damit sie mit der neuen Version funktioniert?',
  // Left in English by tldraw's German file, or missing from it.
  'style-panel.title': 'Stile',
  'style-panel.dash': 'Strichart',
  'style-panel.spline': 'Linienverlauf',
  'tool-panel.title': 'Werkzeuge',
  'shortcuts-dialog.tools': 'Werkzeuge',
  'navigation-zone.minimap': 'Übersichtskarte',
  'fill-style.semi': 'Halbtransparent',
  'align-style.start': 'Anfang',
  'font-style.sans': 'Serifenlos',
  'font-style.serif': 'Mit Serifen',
  'font-style.mono': 'Festbreite',
  'tool.rich-text-highlight': 'Hervorheben',
  'comments.link-copied': 'Link kopiert',
  'geo-style.x-box': 'Kästchen mit X',
  'tool.x-box': 'Kästchen mit X',
};

/**
 * Names tldraw shows for the app's own tools (keyboard shortcuts dialog, tool menus) when it
 * lists them by its `tool.<id>` keys.
 */
const APP_TOOL_NAMES: Readonly<Record<'en' | 'de', Readonly<Record<string, string>>>> = {
  en: { [`tool.${EMOTION_POINT_SHAPE}`]: 'Emotion point' },
  de: { [`tool.${EMOTION_POINT_SHAPE}`]: 'Emotionspunkt' },
};

/** Pass as `<Tldraw overrides>` so tldraw's UI speaks the app's German throughout. */
export const tldrawTranslationOverrides: TLUiOverrides = {
  translations: {
    en: { ...APP_TOOL_NAMES.en },
    de: { ...TLDRAW_GERMAN_FIXES, ...APP_TOOL_NAMES.de },
  },
};
