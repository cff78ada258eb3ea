/** Country names from ISO codes, as the browser knows them; ZZ stands for "worldwide / unknown". */
const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

export function countryName(code: string): string {
  if (code === 'ZZ') return 'Worldwide';
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Every two-letter region the browser names, for pickers, Worldwide first. */
export function countryOptions(): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (code === 'ZZ') continue;
      const name = countryName(code);
      // Codes the browser does not know come back unchanged.
      if (name !== code) out.push({ value: code, label: `${name} (${code})` });
    }
  out.sort((x, y) => x.label.localeCompare(y.label));
  return [{ value: 'ZZ', label: 'Worldwide (ZZ)' }, ...out];
}
