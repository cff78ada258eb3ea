/** fontkit, pdfkit's font engine, ships no types: what notice-fonts.ts uses of it. */
declare module 'fontkit' {
  export interface Font {
    ascent: number;
    descent: number;
    unitsPerEm: number;
    /** Each glyph, kept with the characters of the text it was first met in. */
    _glyphs: Record<number, unknown>;
  }
  export function create(data: Uint8Array): Font;
}
