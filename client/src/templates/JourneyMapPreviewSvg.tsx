import { journeyMapSize, type JourneyMapProps } from '../../../shared/src/index.ts';

/** A journey map template drawn from its props: title, stage headers and lanes. */
export function JourneyMapPreviewSvg({ props, width, height }: { props: JourneyMapProps; width: number; height: number }) {
  const { w, h } = journeyMapSize(props);
  const gridTop = props.titleHeight + props.headerHeight;
  let x = props.laneHeaderWidth;
  let y = gridTop;
  return (
    <svg className="jb-canvas-svg" width={width} height={height} viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="xMidYMin meet" role="img" aria-label={props.title}>
      <rect x={0} y={0} width={w} height={h} fill="#ffffff" stroke="#343a40" strokeWidth={6} rx={6} />
      <text x={16} y={props.titleHeight / 2 + 10} className="jb-canvas-title">
        {props.title}
      </text>
      {props.stages.map((stage) => {
        const left = x;
        x += stage.width;
        return (
          <g key={stage.id}>
            <rect x={left} y={props.titleHeight} width={stage.width} height={props.headerHeight} fill="#343a40" stroke="#ffffff" strokeWidth={2} />
            <text x={left + 12} y={props.titleHeight + props.headerHeight / 2 + 9} fill="#ffffff" className="jb-canvas-region-label">
              {stage.label}
            </text>
          </g>
        );
      })}
      {props.lanes.map((lane, index) => {
        const top = y;
        y += lane.height;
        return (
          <g key={lane.id}>
            <rect x={0} y={top} width={w} height={lane.height} fill={index % 2 ? '#f8f9fa' : '#ffffff'} stroke="#dee2e6" strokeWidth={2} />
            <text x={12} y={top + 34} className="jb-canvas-region-label">
              {lane.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
