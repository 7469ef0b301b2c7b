/** An API error the emulator answers with `{message, statusCode}`. */
export class EmulatorHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "EmulatorHttpError";
  }
}
