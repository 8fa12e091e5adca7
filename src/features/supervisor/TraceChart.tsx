/**
 * Horizontal bars, one per row, drawn by hand in SVG (no chart library for four bars). Hidden
 * from screen readers: the table beside it carries the same numbers.
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
}

const ROW = 28;
const LABEL_WIDTH = 130;
const WIDTH = 340;
const COLOURS = ['#5b6b7a', '#1d5fa8', '#1e7a46', '#b3261e', '#8a5a00', '#6b3fa0'];

export function BarChart({ bars }: { bars: readonly Bar[] }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const room = WIDTH - LABEL_WIDTH - 40;
  return (
    <svg className="trace-chart" viewBox={`0 0 ${WIDTH} ${bars.length * ROW + 4}`} aria-hidden="true" focusable="false">
      {bars.map((bar, i) => {
        const y = i * ROW + 4;
        const length = Math.round((bar.value / max) * room);
        return (
          <g key={bar.key}>
            <text x={LABEL_WIDTH - 6} y={y + 15} textAnchor="end" fontSize="12" fill="#1f2a36">
              {bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={Math.max(length, bar.value > 0 ? 2 : 0)} height={ROW - 8} rx="3" fill={COLOURS[i % COLOURS.length]} />
            <text x={LABEL_WIDTH + length + 4} y={y + 15} fontSize="12" fill="#1f2a36">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
