import {
  AssetRecordType,
  T,
  createBookmarkFromUrl,
  getHashForString,
  type Editor,
  type TLBookmarkAsset,
  type TLUrlExternalContent,
} from 'tldraw';

/**
 * Pasting a URL normally makes tldraw fetch the page to unfurl a preview (or embed it in an
 * iframe). A self-hosted board must not send requests to third parties on its own, so a pasted
 * URL becomes a plain bookmark titled with the URL, built without any request.
 */
export function registerOfflineUrlHandlers(editor: Editor): void {
  editor.registerExternalAssetHandler('url', ({ url }) => {
    const asset: TLBookmarkAsset = {
      id: AssetRecordType.createId(getHashForString(url)),
      typeName: 'asset',
      type: 'bookmark',
      props: { src: url, title: url, description: '', image: '', favicon: '' },
      meta: {},
    };
    return Promise.resolve(asset);
  });

  editor.registerExternalContentHandler('url', (content) => {
    void pasteUrlAsBookmark(editor, content);
  });
}

async function pasteUrlAsBookmark(editor: Editor, { url, point }: TLUrlExternalContent): Promise<void> {
  // A bookmark's url must pass T.linkUrl (no javascript: and the like), or the editor throws.
  if (!T.linkUrl.isValid(url)) {
    console.warn(`Journeyboard: ignored a pasted link that is not a safe URL: ${JSON.stringify(url)}`);
    return;
  }
  const result = await createBookmarkFromUrl(editor, {
    url,
    center: point ?? editor.getViewportPageBounds().center,
  });
  if (result.ok) editor.select(result.value.id);
}
