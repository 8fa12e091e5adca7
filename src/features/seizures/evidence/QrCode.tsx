/**
 * A QR code drawn as one SVG path (uqr, loaded with the first code shown, not with the app):
 * sharp at any size on screen and on paper. The quiet zone around it is part of the drawing, as
 * scanners need it.
 */
import { useEffect, useState } from 'react';

const QUIET_ZONE = 4;

/** The SVG path of a module matrix: one square per dark module. */
export const qrPath = (modules: readonly (readonly boolean[])[]): string =>
  modules.flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : []))).join('');

export function QrCode({ text, label, className }: { text: string; label: string; className?: string }) {
  const [drawn, setDrawn] = useState<{ text: string; d: string; size: number }>();
  useEffect(() => {
    let current = true;
    void import('uqr').then(({ encode }) => {
      const { data, size } = encode(text, { ecc: 'M', border: QUIET_ZONE });
      if (current) setDrawn({ text, d: qrPath(data), size });
    });
    return () => {
      current = false;
    };
  }, [text]);
  if (drawn?.text !== text) return <div className={`qr-code qr-pending ${className ?? ''}`} aria-hidden="true" />;
  return (
    <svg className={`qr-code ${className ?? ''}`} role="img" aria-label={label} viewBox={`0 0 ${drawn.size} ${drawn.size}`} shapeRendering="crispEdges">
      <rect width={drawn.size} height={drawn.size} fill="#fff" />
      <path d={drawn.d} fill="#000" />
    </svg>
  );
}
