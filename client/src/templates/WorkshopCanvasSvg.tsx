import { regionIndexAt, type Region, type WorkshopCanvasProps } from '../../../shared/src/index.ts';

/** Soft fills per region role, so the four quadrants, pains and gains, and the rings read apart. */
const ROLE_FILLS: Partial<Record<Region['role'], string>> = {
  persona: '#fff3bf',
  says: '#e7f5ff',
  thinks: '#f3f0ff',
  does: '#ebfbee',
  feels: '#fff0f6',
  pains: '#ffe3e3',
  gains: '#d3f9d8',
  when: '#e7f5ff',
  wantTo: '#e7f5ff',
  soThat: '#e7f5ff',
  functionalJobs: '#f3f0ff',
  emotionalJobs: '#fff0f6',
  socialJobs: '#ebfbee',
  needPoints: '#fff9db',
  painPoints: '#ffe3e3',
  goals: '#d3f9d8',
  customer: '#fff3bf',
  direct: '#d0ebff',
  indirect: '#e7f5ff',
  external: '#f8f9fa',
};

function RegionView({ region, regions }: { region: Region; regions: readonly Region[] }) {
  const fill = ROLE_FILLS[region.role] ?? '#ffffff';
  const { area } = region;
  if (area.kind === 'rect') {
    // A label that a region drawn on top would cover (the empathy map's persona) moves to the right corner.
    const covered = regions[regionIndexAt(regions, area.x + 16, area.y + 34)] !== region;
    return (
      <g data-region={region.role}>
        <rect x={area.x} y={area.y} width={area.w} height={area.h} fill={fill} stroke="#868e96" strokeWidth={2} />
        <text x={covered ? area.x + area.w - 16 : area.x + 16} y={area.y + 34} textAnchor={covered ? 'end' : 'start'} className="jb-canvas-region-label">
          {region.label}
        </text>
      </g>
    );
  }
  const labelY = area.innerRadius === 0 ? area.cy - area.outerRadius + 44 : area.cy - area.outerRadius + 36;
  return (
    <g data-region={region.role}>
      <circle cx={area.cx} cy={area.cy} r={area.outerRadius} fill={fill} stroke="#868e96" strokeWidth={2} />
      <text x={area.cx} y={labelY} textAnchor="middle" className="jb-canvas-region-label">
        {region.label}
      </text>
    </g>
  );
}

/**
 * A workshop canvas drawn from its props: the shape on the board and the gallery's
 * preview both use it, so the preview always shows what will be placed.
 */
export function WorkshopCanvasSvg({ props, width = props.w, height = props.h }: { props: WorkshopCanvasProps; width?: number; height?: number }) {
  return (
    <svg className="jb-canvas-svg" width={width} height={height} viewBox={`0 0 ${props.w} ${props.h}`} role="img" aria-label={props.title}>
      <rect x={0} y={0} width={props.w} height={props.h} fill="#ffffff" stroke="#343a40" strokeWidth={4} rx={6} />
      <text x={16} y={props.titleHeight / 2 + 10} className="jb-canvas-title">
        {props.title}
      </text>
      {/* Earlier regions win where they overlap, so they are drawn last (on top). */}
      {props.regions
        .slice()
        .reverse()
        .map((region) => (
          <RegionView key={region.id} region={region} regions={props.regions} />
        ))}
    </svg>
  );
}
