import Foundation
import Hummingbird
import Logging
import Numbers
import ProviderAPI
import Store

/// `POST /callback/{secret}`: the provider's SMS push (the check answer's fields, as JSON or as
/// a form), recorded in the ledger as far as the ledger's push rules allow (`Ledger.recordPush`).
///
/// The secret in the path is the push's only authentication (the document's advice), so it is
/// compared in constant time and a wrong one gets the same 404 as any unknown path; so does the
/// right one from outside `callback.allow_from`, and the sender cannot tell which it got wrong.
/// Once the secret matches, nothing is thrown to the error middleware (which would echo the path,
/// and with it the secret): every answer is made here, and the log never holds the path.
package struct CallbackController: Sendable {
    /// Pushes are one number's SMS: a few KB. Anything larger is not the provider.
    package static let maxBodyBytes = 64 * 1024

    let secret: String
    let recorder: any NumberPushRecording
    let sources: PushSources
    let metrics: CallbackMetrics
    let logger: Logger

    package init(
        secret: String, recorder: any NumberPushRecording, sources: PushSources = .any, metrics: CallbackMetrics = CallbackMetrics(),
        logger: Logger
    ) {
        self.secret = secret
        self.recorder = recorder
        self.sources = sources
        self.metrics = metrics
        self.logger = logger
    }

    package func addRoutes<Context: RemoteAddressRequestContext>(to router: some RouterMethods<Context>) {
        router.post("callback/:secret") { request, context in
            guard ConstantTime.equals(context.parameters.get("secret") ?? "", secret) else {
                throw HTTPError(.notFound)
            }
            let peer = context.remoteAddress?.ipAddress
            guard sources.allows(peer: peer, forwardedFor: Self.forwardedFor(request.headers)) else {
                // The secret is known outside the allowed addresses: worth one line each time.
                metrics.count(.sourceNotAllowed)
                logger.warning("callback push refused: from an address outside callback.allow_from", metadata: [
                    "peer": "\(peer ?? "unknown")",
                ])
                throw HTTPError(.notFound)
            }
            return await receive(request)
        }
    }

    private func receive(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            metrics.count(.tooLarge)
            logger.warning("callback push refused: body larger than \(Self.maxBodyBytes) bytes")
            return Self.answer(.contentTooLarge, "body larger than \(Self.maxBodyBytes) bytes")
        }
        let contentType = request.headers[.contentType]
        guard let status = PushBody.decode(Array(body.readableBytesView), contentType: contentType) else {
            metrics.count(.malformed)
            logger.warning("callback push refused: not the check answer's fields", metadata: [
                "bytes": "\(body.readableBytes)", "encoding": "\(PushBody.encoding(contentType: contentType))",
            ])
            return Self.answer(.badRequest, "expected the check answer's fields (number_id, messages, ...) as JSON or a form")
        }
        let result: Ledger.PushResult
        do {
            result = try await recorder.recordPush(status)
        } catch {
            // The provider retries a failed push; a 503 asks it to.
            metrics.count(.error)
            logger.error("callback push not recorded: \(error)", metadata: ["number_id": "\(Self.logged(status.numberID))"])
            return Self.answer(.serviceUnavailable, "could not record the push; send it again")
        }
        metrics.count(.ledger(result.outcome))
        log(result, numberID: status.numberID)
        // Refused or not, a 200: the provider would only send a refused push again and again.
        return Self.answer(.ok, nil)
    }

    /// The push's number id as logged: the sender's text, so cut past 64 characters (a ledger id
    /// has ten), and a push of 64 KiB cannot write a line of 64 KiB. Escaping is the log handler's.
    static func logged(_ numberID: String) -> String {
        numberID.count > 64 ? numberID.prefix(64) + "…" : numberID
    }

    /// One line per push.
    private func log(_ result: Ledger.PushResult, numberID: String) {
        var metadata: Logger.Metadata = ["number_id": "\(Self.logged(numberID))", "result": "\(result.outcome.rawValue)"]
        if result.refusedMessages > 0, let first = result.firstRefusal {
            metadata["refused_messages"] = "\(result.refusedMessages)"
            metadata["first_refusal"] = "\(first.rawValue)"
        }
        switch result.outcome {
        case .recorded, .nothingNew:
            metadata["new_sms"] = "\(result.newSMS)"
            metadata["activated"] = "\(result.activatedNow)"
            logger.info("callback push recorded", metadata: metadata)
        case .unknownNumber:
            // Acknowledged all the same: the provider would only push it again.
            logger.notice("callback push for a number not in the ledger", metadata: metadata)
        default:
            logger.warning("callback push refused: it may only add SMS to an open number of this account", metadata: metadata)
        }
    }

    static func forwardedFor(_ headers: HTTPFields) -> [String] {
        headers.filter { $0.name.canonicalName == "x-forwarded-for" }.map(\.value)
    }

    static func answer(_ status: HTTPResponse.Status, _ message: String?) -> Response {
        let body = message.map { #"{"ok":false,"status":"error","message":"\#($0)"}"# } ?? #"{"ok":true,"status":"success"}"#
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
