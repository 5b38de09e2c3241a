import type { JourneyMapProps } from '../../../shared/src/index.ts';

export interface MapLayout {
  gridTop: number;
  /** Left edge of each stage column, plus the right edge of the last. */
  columns: number[];
  /** Top edge of each lane row, plus the bottom edge of the last. */
  rows: number[];
}

export function mapLayout(props: JourneyMapProps): MapLayout {
  const gridTop = props.titleHeight + props.headerHeight;
  const columns = [props.laneHeaderWidth];
  for (const stage of props.stages) columns.push((columns.at(-1) ?? 0) + stage.width);
  const rows = [gridTop];
  for (const lane of props.lanes) rows.push((rows.at(-1) ?? 0) + lane.height);
  return { gridTop, columns, rows };
}

/** The lane row holding map-local y, if any. */
export function laneAt(props: JourneyMapProps, y: number): { index: number; top: number } | undefined {
  const { rows } = mapLayout(props);
  for (let i = 0; i < props.lanes.length; i++) {
    const top = rows[i] ?? 0;
    const bottom = rows[i + 1] ?? 0;
    if (y >= top && y < bottom) return { index: i, top };
  }
  return undefined;
}
