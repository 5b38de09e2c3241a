import type { Editor, TLRecord, TLShape } from 'tldraw';

/**
 * When an upload fails (the server refused the image, or the network is down), tldraw deletes the
 * half-made asset record but leaves its image shape behind: a broken picture for everyone on the
 * board. This removes such shapes too: images and videos whose asset was deleted on this client
 * before it ever got a URL. Outside the undo history, so undo cannot bring the broken shape back.
 */
export function removeShapesOfFailedUploads(editor: Editor): () => void {
  return editor.sideEffects.registerAfterDeleteHandler('asset', (asset, source) => {
    if (source !== 'user' || (asset.type !== 'image' && asset.type !== 'video') || asset.props.src) return;
    const orphans = editor.store
      .allRecords()
      .filter((record: TLRecord): record is TLShape => record.typeName === 'shape')
      .filter((shape) => 'assetId' in shape.props && shape.props.assetId === asset.id)
      .map((shape) => shape.id);
    if (orphans.length > 0) editor.run(() => editor.deleteShapes(orphans), { history: 'ignore' });
  });
}
