// The part of jStat (https://jstat.github.io) mangalab uses; the package ships no types. It is CommonJS, so it is
// imported as a default and unpacked: `import jstat from 'jstat'; const { jStat } = jstat;`.
declare module 'jstat' {
  interface Continuous {
    pdf(x: number, ...params: number[]): number;
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  interface JStat {
    beta: Continuous;
    studentt: Continuous;
    chisquare: Continuous;
    normal: Continuous;
    betaln(a: number, b: number): number;
    ibeta(x: number, a: number, b: number): number;
    betacf(x: number, a: number, b: number): number;
  }
  const mod: { jStat: JStat };
  export default mod;
}
