/** An input error that belongs to one form field; the tRPC error formatter sends `field` to the client. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
