import Foundation
import Hummingbird
import Logging
import Numbers
import ProviderAPI
import Store

/// `POST /callback/{secret}`: the provider's SMS push (the check answer's fields), recorded in
/// the ledger.
///
/// The secret in the path is the push's only authentication (the document's advice), so it is
/// compared in constant time and a wrong one gets the same 404 as any unknown path. Once the
/// secret matches, nothing is thrown to the error middleware (which would echo the path, and with
/// it the secret): every answer is made here, and the log never holds the path.
package struct CallbackController: Sendable {
    /// Pushes are one number's SMS: a few KB. Anything larger is not the provider.
    package static let maxBodyBytes = 64 * 1024

    let secret: String
    let recorder: any NumberPushRecording
    let logger: Logger

    package init(secret: String, recorder: any NumberPushRecording, logger: Logger) {
        self.secret = secret
        self.recorder = recorder
        self.logger = logger
    }

    package func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.post("callback/:secret") { request, context in
            guard ConstantTime.equals(context.parameters.get("secret") ?? "", secret) else {
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
            logger.warning("callback push refused: body larger than \(Self.maxBodyBytes) bytes")
            return Self.answer(.contentTooLarge, "body larger than \(Self.maxBodyBytes) bytes")
        }
        guard let status = Self.decode(Data(body.readableBytesView)) else {
            logger.warning("callback push refused: not the check answer's fields", metadata: ["bytes": "\(body.readableBytes)"])
            return Self.answer(.badRequest, "expected the check answer's fields (number_id, messages, ...)")
        }
        do {
            switch try await recorder.recordPush(status) {
            case .unknownNumber:
                // Acknowledged all the same: the provider would only push it again.
                logger.notice("callback push for a number not in the ledger", metadata: ["number_id": "\(status.numberID)"])
            case let .recorded(newSMS, activatedNow):
                logger.info("callback push recorded", metadata: [
                    "number_id": "\(status.numberID)", "new_sms": "\(newSMS)", "activated": "\(activatedNow)",
                ])
            }
            return Self.answer(.ok, nil)
        } catch {
            // The provider retries a failed push; a 503 asks it to.
            logger.error("callback push not recorded: \(error)", metadata: ["number_id": "\(status.numberID)"])
            return Self.answer(.serviceUnavailable, "could not record the push; send it again")
        }
    }

    /// The provider sends the check answer (`{"data": {...}, "status": "success"}`); the bare
    /// object is accepted too.
    static func decode(_ data: Data) -> NumberStatus? {
        struct Envelope: Decodable { let data: NumberStatus }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: data) { return envelope.data }
        return try? JSONDecoder().decode(NumberStatus.self, from: data)
    }

    static func answer(_ status: HTTPResponse.Status, _ message: String?) -> Response {
        let body = message.map { #"{"ok":false,"status":"error","message":"\#($0)"}"# } ?? #"{"ok":true,"status":"success"}"#
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
