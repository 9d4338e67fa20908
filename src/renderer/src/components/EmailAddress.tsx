import { Fragment } from 'react';

/**
 * An address that may wrap in a narrow column: it breaks before the "@" and after a dot of the
 * domain ("adele.vance" / "@contoso." / "onmicrosoft.com") rather than anywhere inside a word.
 */
export function EmailAddress({ address }: { address: string }) {
  const at = address.lastIndexOf('@');
  if (at <= 0) return <>{address}</>;
  const domainParts = address.slice(at + 1).split('.');
  return (
    <>
      {address.slice(0, at)}
      <wbr />@
      {domainParts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < domainParts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
