using Microsoft.Extensions.Options;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>
/// Enforces body limits on every server (the test server does not enforce Kestrel's): BPMN bodies (deployments, validations, drafts) up to
/// <see cref="WorkflowEngineOptions.MaxDefinitionCharacters"/>, JSON up to <see cref="WorkflowHostOptions.MaxJsonBodyBytes"/>.
/// A declared length over the limit is refused at once; a streamed body is cut off when it passes the limit.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<WorkflowEngineOptions> engine, IOptions<WorkflowHostOptions> host)
{
    public async Task InvokeAsync(HttpContext context)
    {
        long limit = IsDefinitionUpload(context.Request) ? engine.Value.MaxDefinitionCharacters : host.Value.MaxJsonBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new RequestTooLargeException(limit);
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        }

        await next(context);
    }

    /// <summary>BPMN XML bodies: a deployment, a validation, a draft.</summary>
    private static bool IsDefinitionUpload(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        return HttpMethods.IsPost(request.Method) && (path.Equals("/api/definitions", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/definitions/validate", StringComparison.OrdinalIgnoreCase))
            || HttpMethods.IsPut(request.Method) && path.StartsWith("/api/definitions/", StringComparison.OrdinalIgnoreCase) && path.EndsWith("/draft", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw new RequestTooLargeException(limit) : n;
        }
    }
}

/// <summary>The request body is over its limit (413).</summary>
internal sealed class RequestTooLargeException(long limit)
    : Exception($"The request body is larger than the limit of {limit:N0} bytes.");
