-- Sample warehouse generator, step 1: macros (DuckDB only; no parameters).
CREATE OR REPLACE MACRO u01(k, stream, s) AS hash(k, stream, s) / 18446744073709551616.0;
CREATE OR REPLACE MACRO nrm(k, stream, s) AS
  sqrt(-2 * ln(greatest(u01(k, stream, s), 1e-12))) * cos(2 * pi() * u01(k, stream + 7919, s));
CREATE OR REPLACE MACRO pick(lst, k, stream, s) AS
  lst[1 + CAST(floor(u01(k, stream, s) * len(lst)) AS INTEGER)];
-- sha256(id) read as an unsigned 256-bit integer, modulo 100: the four 64-bit words weigh 2^192, 2^128, 2^64, 1,
-- which are 96, 56, 16 and 1 modulo 100.
CREATE OR REPLACE MACRO bucket100(id) AS (
  (CAST(('0x' || substr(sha256(id), 1, 16)) AS UBIGINT) % 100) * 96 +
  (CAST(('0x' || substr(sha256(id), 17, 16)) AS UBIGINT) % 100) * 56 +
  (CAST(('0x' || substr(sha256(id), 33, 16)) AS UBIGINT) % 100) * 16 +
  (CAST(('0x' || substr(sha256(id), 49, 16)) AS UBIGINT) % 100)
) % 100;
