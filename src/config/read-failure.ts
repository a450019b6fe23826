/** Why a file could not be read, worded for a one-line error after the file's name: one wording for every file. */
export function describeReadFailure(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return "does not exist";
    case "EISDIR":
      return "is a directory, not a file";
    case "EACCES":
    case "EPERM":
      return `cannot be read: permission denied (${code})`;
    default:
      return `cannot be read (${code ?? "unknown error"})`;
  }
}

/** Node's error code (ENOENT, EACCES…) when the error carries one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
