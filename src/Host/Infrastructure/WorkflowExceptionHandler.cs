using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Zzut.Workflows.Domain;
using Zzut.Workflows.Parsing;

namespace Zzut.Workflows.Host.Infrastructure;

/// <summary>Turns the engine's exceptions and bad requests into ProblemDetails with the right status.</summary>
internal sealed class WorkflowExceptionHandler(IProblemDetailsService problemDetails, ILogger<WorkflowExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A body cut off by the size limit may arrive wrapped by the JSON binder.
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is RequestTooLargeException)
            {
                exception = inner;
                break;
            }
        }

        var problem = exception switch
        {
            BpmnValidationException invalid => Problem(StatusCodes.Status400BadRequest, "BPMN 文档未通过校验 (The BPMN document is invalid)", invalid.Message, p =>
                p.Extensions["errors"] = invalid.Errors.Select(e => new { elementId = e.ElementId, line = e.Line, message = e.Message }).ToList()),
            WorkflowNotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            WorkflowConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message, p =>
            {
                if (conflict.ExistingInstanceId is { } existing)
                {
                    p.Extensions["existingInstanceId"] = existing;
                }
            }),
            LedgerValidationException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid",
                Detail = invalid.Message,
            },
            DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Conflict", "The record was changed by somebody else meanwhile; read it again and retry."),
            WorkflowArgumentException argument => Problem(StatusCodes.Status400BadRequest, "Bad request", argument.Message),
            RequestTooLargeException tooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", tooLarge.Message),
            BadHttpRequestException bad => Problem(bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request", Describe(bad)),
            _ => null,
        };

        if (problem is null)
        {
            HostLog.UnhandledError(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;

    private static ProblemDetails Problem(int status, string title, string detail, Action<ProblemDetails>? extend = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        extend?.Invoke(problem);
        return problem;
    }
}
