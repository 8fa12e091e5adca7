/**
 * A case number (carpeta de investigación) that breaks, when a narrow screen must break it,
 * after a slash ("FED/SON/HMO/" | "0001234/2026"), never in the middle of its year or number.
 */
import { Fragment } from 'react';

export function CaseNumber({ value }: { value: string }) {
  const parts = value.split('/');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
