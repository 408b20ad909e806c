// Bodies a request or response carries as a string already: the client's JSON text of a write,
// the HTTP transport's whole answer to an ordinary (non-streaming) request. Whoever would read
// them back through the web body stream (a costly detour on every request) takes the string
// instead; the Request and Response stay whole ones for any other reader.

const texts = new WeakMap<Request | Response, string>();

/** Records the body text `message` was built with. */
export function withBodyText<T extends Request | Response>(message: T, text: string): T {
  texts.set(message, text);
  return message;
}

/** The body text `message` was built with, while its stream is unread; else undefined. */
export function bodyText(message: Request | Response): string | undefined {
  const text = texts.get(message);
  return text !== undefined && !message.bodyUsed ? text : undefined;
}
