using Tollgate.Portal.Developer;

namespace Tollgate.Portal.Developer;

public class OpenApiReferenceTests
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: Shop, version: "1" }
        paths:
          /items/{id}:
            parameters:
            - { $ref: "#/components/parameters/Id" }
            get:
              summary: One item
              parameters:
              - { name: fields, in: query, schema: { type: string, enum: [all, short] } }
              responses:
                "200":
                  description: The item
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Item" }
                "404": { description: No such item }
            put:
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Item" }
                    example: { id: "7", tags: [red] }
              responses:
                "204": { description: Stored }
        components:
          parameters:
            Id: { name: id, in: path, schema: { type: string, example: "42" } }
          schemas:
            Item:
              type: object
              required: [id]
              properties:
                id: { type: string }
                tags: { type: array, items: { type: string } }
                price: { type: number, format: double }
        """;

    [Fact]
    public void Operations_list_shared_and_own_parameters_resolving_references()
    {
        var (document, problem) = OpenApiReference.Parse(Document);
        Assert.Null(problem);
        var operations = OpenApiReference.Operations(document!);
        Assert.Equal(["GET /items/{id}", "PUT /items/{id}"], operations.Select(o => $"{o.Method} {o.Path}"));

        var get = operations[0];
        Assert.Equal(["id", "fields"], get.Parameters.Select(p => p.Name));
        Assert.True(get.Parameters[0].Required);
        Assert.Equal(("path", "42"), (get.Parameters[0].In, get.Parameters[0].Example));
        Assert.Equal(["200", "404"], get.Responses.Select(r => r.Status));
        Assert.Equal("Item {\n  id: string\n  tags?: array of string\n  price?: number (double)\n}", get.Responses[0].Schema);
        Assert.Contains("\"price\": 0", get.Responses[0].Example);
    }

    [Fact]
    public void A_request_body_keeps_the_document_s_own_example()
    {
        var put = OpenApiReference.Operations(OpenApiReference.Parse(Document).Document!)[1];
        Assert.Equal("application/json", put.Body!.ContentType);
        Assert.Contains("\"red\"", put.Body.Example);
    }

    [Theory]
    [InlineData("title: not an api", "no \"openapi\" version")]
    [InlineData("openapi: 3.0.0", "no \"paths\"")]
    [InlineData("{ broken", "cannot be read")]
    public void A_document_that_is_not_openapi_is_refused_with_the_reason(string text, string reason)
    {
        var (document, problem) = OpenApiReference.Parse(text);
        Assert.Null(document);
        Assert.Contains(reason, problem);
    }
}
