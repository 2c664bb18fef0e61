import { createContext, useContext } from "react";

interface RequestInfo {
  nonce: string;
  requestId: string;
}

const RequestInfoContext = createContext<RequestInfo>({ nonce: "", requestId: "" });

export const RequestInfoProvider = RequestInfoContext.Provider;

/** The CSP nonce of this response; empty in the browser, where scripts are already trusted. */
export const useNonce = () => useContext(RequestInfoContext).nonce;

/**
 * The id of the request that rendered this document, as logged by the server. In the browser
 * it is read back from the <html> element the server wrote it on.
 */
export function useRequestId() {
  const fromServer = useContext(RequestInfoContext).requestId;
  if (fromServer) return fromServer;
  if (typeof document !== "undefined") return document.documentElement.dataset.requestId ?? "";
  return "";
}
