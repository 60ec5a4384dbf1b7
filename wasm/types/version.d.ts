/** The versions of the loaded core. */
export interface VersionApi {
  /** The core's version, e.g. "0.2.0" (core/lethe/base/version.hpp; equal to the package's and `lethe --version`). */
  readonly version: string;
  /** The model file format the lifecycle writes (what `lethe status` reports). */
  readonly modelFormatVersion: number;
}
