"""The sample harness (tests/samples): it counts every code block, runs samples with the
vendors' real SDKs against its mock, and catches a wrong sample with a message that says
where it is and what differed.

`make samples` runs the shipped content's samples; these tests run small content trees.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from generator import generate
from tests.samples.collect import collect, fenced_blocks, runtime_of
from tests.samples.run import called_urls, run_all, summary_line

needs_node = pytest.mark.skipif(
    (shutil.which("node") is None or not (REPO / "node_modules" / "openai").is_dir()) and not os.environ.get("CI"),
    reason="node and the npm packages (npm ci) are needed for the Node.js samples",
)

PRODUCTS = {
    # id: (API base URL, key variable); the OpenAI-compatible ones are called through the OpenAI SDK.
    "openai": ("https://api.openai.com/v1", "OPENAI_API_KEY"),
    "anthropic": ("https://api.anthropic.com", "ANTHROPIC_API_KEY"),
    "deepseek": ("https://api.deepseek.com", "DEEPSEEK_API_KEY"),
    "groq": ("https://api.groq.com/openai/v1", "GROQ_API_KEY"),
    "openrouter": ("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
    "xai": ("https://api.x.ai/v1", "XAI_API_KEY"),
    "mistral": ("https://api.mistral.ai", "MISTRAL_API_KEY"),
    "azure-openai": ("https://example-resource.openai.azure.com", "AZURE_OPENAI_API_KEY"),
    "bedrock": ("https://bedrock-runtime.us-east-1.amazonaws.com", "AWS_BEARER_TOKEN_BEDROCK"),
}


def _product(product_id: str) -> str:
    url, env_var = PRODUCTS[product_id]
    return textwrap.dedent(
        f"""\
        id: {product_id}
        name: {product_id.title()}
        about: A vendor for the harness tests.
        api_base_url: {url}
        support: Write to support.
        env_var: {env_var}
        escalation:
          - The request id.
        sources:
          - title: Docs
            url: {url}
        """
    )


def _guide(product: str, guide_id: str, samples: list[dict]) -> str:
    guide = {
        "id": guide_id,
        "product": product,
        "title": f"{guide_id} guide",
        "status": 429,
        "error": "some_error",
        "summary": "A guide for the harness tests.",
        "causes": [{"id": "cause", "title": "A cause", "explanation": "Why."}],
        "fixes": [{"id": "the-fix", "title": "The fix", "body": "Do this.", "code": samples}],
        "checklist": [{"check": "It is fixed.", "fix": "the-fix"}],
        "sources": [{"title": "Docs", "url": PRODUCTS.get(product, ("https://docs.acme.test",))[0]}],
        "reviewed": "2026-11-27",
        "description": "A guide for the harness tests.",
        "retry": {"verdict": "yes", "reason": "The harness tests retry it."},
    }
    return yaml.safe_dump(guide, sort_keys=False, allow_unicode=True)


def _tree(tmp_path: Path, guides: dict[str, list[dict]]) -> Path:
    content = tmp_path / "content"
    (content / "products").mkdir(parents=True)
    for product in PRODUCTS:
        (content / "products" / f"{product}.yaml").write_text(_product(product), encoding="utf-8")
    for key, samples in guides.items():
        product, guide_id = key.split("/")
        folder = content / "guides" / product
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{guide_id}.yaml").write_text(_guide(product, guide_id, samples), encoding="utf-8")
    return content


def _report(tmp_path: Path, guides: dict[str, list[dict]]):
    content = collect(_tree(tmp_path, guides), tmp_path)
    outcomes, shell_problems, summary = run_all(content)
    return {outcome.where.split(", sample ")[1].split('"')[1]: outcome for outcome in outcomes}, shell_problems, summary


def _shipped_sample(fix: str, label: str) -> dict:
    """A code sample of a shipped shared fix, as a mapping (code and checks)."""
    data = yaml.safe_load((REPO / "content" / "fixes" / f"{fix}.yaml").read_text(encoding="utf-8"))
    (sample,) = [sample for sample in data["code"] if sample.get("label") == label]
    return sample


# --- a wrong sample is caught ----------------------------------------------------------------


def test_a_broken_copy_of_the_retry_sample_fails_with_where_and_what_differed(tmp_path):
    good = _shipped_sample("retry-with-backoff", "Python (OpenAI SDK)")
    retries_quota = dict(good, label="Python (retries insufficient_quota)")
    # the defect of issue 13: testing the code, so a credit_balance_exhausted 429 is retried
    retries_quota["code"] = good["code"].replace('error.type == "insufficient_quota"', 'error.code == "insufficient_quota"')
    wrong_class = dict(good, label="Python (wrong exception class)")
    wrong_class["code"] = good["code"].replace("openai.InternalServerError)", "openai.APITimeoutError)")
    assert retries_quota["code"] != good["code"] and wrong_class["code"] != good["code"]

    outcomes, _, summary = _report(tmp_path, {"openai/broken-retry": [good, retries_quota, wrong_class]})

    assert outcomes["Python (OpenAI SDK)"].status == "passed"
    assert summary_line(summary) == "samples: 3 run, 1 passed, 2 failed, 0 skipped (3 in the content)"
    assert not summary.ok
    quota = outcomes["Python (retries insufficient_quota)"].report()
    assert quota.startswith(
        'FAIL content/guides/openai/broken-retry.yaml:159: guide openai/broken-retry, fix the-fix, '
        'sample "Python (retries insufficient_quota)", check "does not retry insufficient_quota (code credit_balance_exhausted)":\n'
        "    requests: expected 1, got 6\n"
    )
    assert 'check "does not retry insufficient_quota (code insufficient_quota)"' not in quota  # that shape still works
    wrong = outcomes["Python (wrong exception class)"].report()
    assert 'sample "Python (wrong exception class)", check "gives up after 6 attempts at a 500":\n' in wrong
    assert "    requests: expected 6, got 1\n" in wrong


def test_a_wrong_exception_names_both_classes(tmp_path):
    sample = {
        "language": "python",
        "label": "Python (raises the wrong error)",
        "code": textwrap.dedent(
            """\
            import openai

            try:
                client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
            except openai.RateLimitError:
                raise RuntimeError("rate limited")
            """
        ),
        "checks": [
            {
                "name": "a 429 ends in RateLimitError",
                "responses": [{"status": 429, "body": {"error": {"message": "Rate limit reached for requests"}}}],
                "before": "import openai\nclient = openai.OpenAI(max_retries=0)\n",
                "expect": {"raises": "openai.RateLimitError", "requests": 1},
            }
        ],
    }

    outcomes, _, _ = _report(tmp_path, {"openai/wrong-class": [sample]})

    report = outcomes["Python (raises the wrong error)"].report()
    assert "    raises: expected openai.RateLimitError, got RuntimeError: rate limited\n" in report


# --- every SDK and vendor the content may use ---------------------------------------------

CHAT = {"id": "c1", "object": "chat.completion", "created": 0, "model": "m", "choices": [
    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello"}}]}
RATE_LIMIT = {"status": 429, "body": {"error": {"message": "Rate limit reached for requests"}}}
CHAT_USAGE = dict(CHAT, usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2})
ANTHROPIC_EVENTS = [
    '{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [], '
    '"stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}}',
    '{"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}',
    '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}',
    '{"type": "content_block_stop", "index": 0}',
    '{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 1}}',
    '{"type": "message_stop"}',
]


def _sample(language: str, label: str, code: str, *checks: dict, products: list[str] | None = None) -> dict:
    sample = {"language": language, "label": label, "code": textwrap.dedent(code), "checks": list(checks)}
    if products:
        sample["products"] = products
    return sample


def _check(name: str, responses: list[dict], **expect) -> dict:
    return {"name": name, "responses": responses, "expect": expect}


SDK_SAMPLES = {
    "groq/sdk": [
        _sample("python", "groq", """\
            from groq import Groq
            client = Groq(max_retries=1)
            print(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}]).choices[0].message.content)
            """, _check("the SDK retries a 429 after retry-after", [dict(RATE_LIMIT, headers={"retry-after": "7"}), {"status": 200, "body": CHAT}],
                        requests=2, output=["Hello"], host="api.groq.com", waits_at_least=7)),
        _sample("python", "OpenAI SDK at Groq", """\
            import os
            from openai import OpenAI
            client = OpenAI(api_key=os.environ["GROQ_API_KEY"], base_url="https://api.groq.com/openai/v1", max_retries=0)
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}])
            """, _check("a 429 is a RateLimitError", [RATE_LIMIT], raises="openai.RateLimitError", requests=1, host="api.groq.com")),
    ],
    "openrouter/sdk": [
        _sample("javascript", "Node OpenAI SDK at OpenRouter", """\
            import OpenAI from "openai";
            const client = new OpenAI({ apiKey: process.env.OPENROUTER_API_KEY, baseURL: "https://openrouter.ai/api/v1", maxRetries: 0 });
            const answer = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "Hi" }] });
            console.log(answer.choices[0].message.content);
            """, _check("reaches openrouter.ai", [{"status": 200, "body": CHAT}], requests=1, output=["Hello"], host="openrouter.ai")),
    ],
    "xai/sdk": [
        _sample("python", "OpenAI SDK at xAI", """\
            import os
            from openai import OpenAI
            client = OpenAI(api_key=os.environ["XAI_API_KEY"], base_url="https://api.x.ai/v1")
            print(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}]).choices[0].message.content)
            """, _check("the SDK's own 2 retries, with the waits skipped", [RATE_LIMIT, RATE_LIMIT, {"status": 200, "body": CHAT}],
                        requests=3, output=["Hello"], host="api.x.ai")),
    ],
    "mistral/sdk": [
        _sample("python", "mistralai", """\
            from mistralai.client import Mistral
            client = Mistral()
            client.chat.complete(model="m", messages=[{"role": "user", "content": "Hi"}])
            """, _check("a 429 is an SDKError", [RATE_LIMIT], raises="mistralai.client.errors.SDKError", requests=1, host="api.mistral.ai")),
        # mistralai's RetryConfig sends the same httpx2 Request object again: the retry must
        # still go to api.mistral.ai (the harness puts the request back after each attempt).
        _sample("python", "mistralai RetryConfig", """\
            from mistralai.client import Mistral
            from mistralai.client.utils import BackoffStrategy, RetryConfig
            client = Mistral(retry_config=RetryConfig("backoff", BackoffStrategy(1000, 60000, 2.0, 300000), False))
            print(client.chat.complete(model="m", messages=[{"role": "user", "content": "Hi"}]).choices[0].message.content)
            """, _check("the SDK's retry reaches the same host", [dict(RATE_LIMIT, headers={"retry-after": "2"}), {"status": 200, "body": CHAT_USAGE}],
                        requests=2, host="api.mistral.ai", waits_at_least=2, output=["Hello"])),
    ],
    "anthropic/streams": [
        # The Messages API names every event after its `type`; the SDKs dispatch on that name,
        # so bare JSON data with a `type` is sent with an `event:` line.
        _sample("python", "anthropic stream", """\
            import anthropic
            client = anthropic.Anthropic(max_retries=0)
            with client.messages.stream(model="m", max_tokens=16, messages=[{"role": "user", "content": "Hi"}]) as stream:
                print("".join(stream.text_stream))
            print(stream.get_final_message().stop_reason)
            """, _check("streams bare Messages API events", [{"status": 200, "events": ANTHROPIC_EVENTS}], requests=1,
                        output=["Hello", "end_turn"], host="api.anthropic.com")),
        _sample("javascript", "Node anthropic stream", """\
            import Anthropic from "@anthropic-ai/sdk";
            const stream = new Anthropic({ maxRetries: 0 }).messages.stream({ model: "m", max_tokens: 16, messages: [{ role: "user", content: "Hi" }] });
            let text = "";
            stream.on("text", (delta) => { text += delta; });
            const message = await stream.finalMessage();
            console.log(text, message.stop_reason);
            """, _check("streams bare Messages API events", [{"status": 200, "events": ANTHROPIC_EVENTS}], requests=1,
                        output=["Hello end_turn"], host="api.anthropic.com")),
    ],
    "azure-openai/sdk": [
        _sample("python", "AzureOpenAI", """\
            from openai import AzureOpenAI
            client = AzureOpenAI(azure_endpoint="https://example-resource.openai.azure.com", api_version="2024-10-21", max_retries=0)
            print(client.chat.completions.create(model="deployment", messages=[{"role": "user", "content": "Hi"}]).choices[0].message.content)
            """, _check("reaches the resource's host", [{"status": 200, "body": CHAT}], requests=1, output=["Hello"],
                        host="example-resource.openai.azure.com")),
        _sample("javascript", "Node AzureOpenAI", """\
            import { AzureOpenAI } from "openai";
            const client = new AzureOpenAI({ endpoint: "https://example-resource.openai.azure.com", apiVersion: "2024-10-21", maxRetries: 0 });
            await client.chat.completions.create({ model: "deployment", messages: [{ role: "user", content: "Hi" }] });
            """, _check("a 429 is a RateLimitError", [RATE_LIMIT], raises="RateLimitError", requests=1,
                        host="example-resource.openai.azure.com")),
    ],
    "bedrock/sdk": [
        _sample("python", "boto3", """\
            import boto3
            from botocore.config import Config
            client = boto3.client("bedrock-runtime", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
            try:
                client.converse(modelId="m", messages=[{"role": "user", "content": [{"text": "Hi"}]}])
            except client.exceptions.ThrottlingException as error:
                print(error.response["Error"]["Code"])
                raise
            """, _check("a 429 ThrottlingException", [{"status": 429, "headers": {"x-amzn-ErrorType": "ThrottlingException"},
                                                       "body": {"message": "Too many requests"}}],
                        raises="botocore.exceptions.ClientError", requests=1, output=["ThrottlingException"],
                        host="bedrock-runtime.us-east-1.amazonaws.com")),
    ],
    "openai/connections": [
        _sample("python", "refused", """\
            import openai
            client = openai.OpenAI(max_retries=1)
            print(client.models.list().data)
            """, _check("a refused connection is retried, then succeeds", [{"status": 200, "connection": "refuse"}, {"status": 200, "body": {"data": []}}],
                        requests=2, output=["[]"])),
        _sample("python", "closed", """\
            import openai
            openai.OpenAI(max_retries=0).models.list()
            """, _check("a connection closed without an answer", [{"status": 200, "connection": "close"}],
                        raises="openai.APIConnectionError", requests=1)),
        _sample("python", "cut before the status line", """\
            import openai
            try:
                openai.OpenAI(max_retries=0).models.list()
            except openai.APIConnectionError as error:
                print(error.request.url, repr(error.__cause__))
                raise
            """, _check("a cut answer with nothing to cut is a connection closed without an answer", [{"status": 200, "cut": True}],
                        raises="openai.APIConnectionError", requests=1,
                        output=["https://api.openai.com/v1/models RemoteProtocolError('Server disconnected without sending a response.')"])),
        _sample("python", "untrusted TLS", """\
            import openai
            try:
                openai.OpenAI(max_retries=0).models.list()
            except openai.APIConnectionError as error:
                print(repr(error.__cause__))
                raise
            """, _check("a certificate the client does not trust", [{"status": 200, "connection": "tls"}],
                        raises="openai.APIConnectionError", requests=1, output=["CERTIFICATE_VERIFY_FAILED"])),
        _sample("python", "client timeout", """\
            import openai
            openai.OpenAI(max_retries=0, timeout=1.5).models.list()
            """, _check("a slow answer ends in APITimeoutError", [{"status": 200, "delay": 4, "body": {"data": []}}],
                        raises="openai.APITimeoutError", requests=1)),
        _sample("python", "cut stream", """\
            import openai
            client = openai.OpenAI(max_retries=0)
            for chunk in client.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi"}], stream=True):
                print(chunk.choices[0].delta.content)
            """, _check("a stream cut mid-way", [{"status": 200, "cut": True, "events": [
                '{"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m", "choices": [{"index": 0, "delta": {"content": "Hel"}}]}']}],
                        raises="openai.APIConnectionError", output=["Hel"], requests=1)),
        _sample("javascript", "Node refused", """\
            import OpenAI from "openai";
            try {
              await new OpenAI({ maxRetries: 0 }).models.list();
            } catch (error) {
              console.log(error.cause?.cause?.code);
              throw error;
            }
            """, _check("a refused connection", [{"status": 200, "connection": "refuse"}],
                        raises="APIConnectionError", requests=1, output=["ECONNREFUSED"])),
        _sample("javascript", "Node cut before the status line", """\
            import OpenAI from "openai";
            try {
              await new OpenAI({ maxRetries: 0 }).models.list();
            } catch (error) {
              console.log(`${error.cause} <- ${error.cause?.cause?.message}`);
              throw error;
            }
            """, _check("a cut answer with nothing to cut", [{"status": 200, "cut": True}],
                        raises="APIConnectionError", requests=1, output=["TypeError: fetch failed <- other side closed"])),
        _sample("javascript", "Node timeout after a GC", """\
            import OpenAI from "openai";
            import v8 from "node:v8";
            import vm from "node:vm";
            v8.setFlagsFromString("--expose-gc");
            const gc = vm.runInNewContext("gc");
            const collecting = setInterval(gc, 50); // a GC while the answer is awaited must not lose the SDK's abort
            try {
              // 1.5 s: on a loaded machine a shorter timer can fire before the request reaches the mock
              await new OpenAI({ timeout: 1500, maxRetries: 0 }).models.list();
            } finally {
              clearInterval(collecting);
            }
            """, _check("the SDK's timeout still aborts the request", [{"status": 200, "delay": 6, "body": {"data": []}}],
                        raises="APIConnectionTimeoutError", requests=1)),
        _sample("javascript", "Node sleep", """\
            import { setTimeout as sleep } from "node:timers/promises";
            await new Promise((resolve) => setTimeout(resolve, 30000));
            await sleep(5000);
            console.log("slept");
            """, _check("waits are skipped and added up", [{"status": 200}], output=["slept"], waits_at_least=35, requests=0)),
    ],
}


@pytest.fixture(scope="module")
def sdk_outcomes(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("sdks"), SDK_SAMPLES)


def _labels(language: str) -> list[str]:
    return [sample["label"] for samples in SDK_SAMPLES.values() for sample in samples if sample["language"] == language]


@pytest.mark.xdist_group("sdk_outcomes")  # under `pytest -n`, one worker runs the SDK samples once
@pytest.mark.parametrize("label", _labels("python"))
def test_python_sdks_reach_the_mock(sdk_outcomes, label):
    outcome = sdk_outcomes[0][label]
    assert outcome.status == "passed", outcome.report()


@pytest.mark.xdist_group("sdk_outcomes")
@needs_node
@pytest.mark.parametrize("label", _labels("javascript"))
def test_node_sdks_reach_the_mock(sdk_outcomes, label):
    outcome = sdk_outcomes[0][label]
    assert outcome.status == "passed", outcome.report()


# --- counting ------------------------------------------------------------------------------


def test_skipped_samples_and_code_in_markdown_are_counted(tmp_path):
    skipped = {"language": "python", "label": "needs an account", "code": "print(1)\n", "skip": "it needs a real account"}
    unstated = {"language": "javascript", "label": "says nothing", "code": "console.log(1);\n"}
    shell = {"language": "bash", "label": "off host", "code": "curl https://example.com/v1/x\nif then\n", "products": ["openai"]}
    content = _tree(tmp_path, {"openai/counted": [skipped, unstated, shell]})
    guide = content / "guides" / "openai" / "counted.yaml"
    guide.write_text(
        guide.read_text().replace("summary: A guide for the harness tests.", 'summary: "Run this:\\n\\n```python\\nprint(2)\\n```\\n"'),
        encoding="utf-8",
    )

    outcomes, shell_problems, summary = run_all(collect(content, tmp_path))

    assert summary_line(summary) == "samples: 0 run, 0 passed, 0 failed, 1 skipped (3 in the content)"
    assert not summary.ok  # R + S < T
    reports = [outcome.report() for outcome in outcomes]
    assert 'SKIP content/guides/openai/counted.yaml:16: guide openai/counted, fix the-fix, sample "needs an account": it needs a real account' in reports
    assert any("python code block in 'summary'" in report for report in reports)
    assert any('sample "says nothing": no checks and no skip' in report for report in reports)
    assert [problem.split(": ", 1)[1].split('"off host": ')[1] for problem in shell_problems] == [
        "bash -n: bash: line 2: syntax error near unexpected token `then'\nbash: line 2: `if then'",
        "URL https://example.com/v1/x is not on api.openai.com",
    ]


def test_every_python_and_node_block_of_the_generated_pages_is_counted(tmp_path):
    """T counts what readers see: each code block on any page is one of the collected samples."""
    docs = tmp_path / "docs"
    generate(REPO / "content", docs, root=REPO)
    content = collect(REPO / "content", REPO)
    collected = {sample.sample.code.rstrip("\n") for sample in content.samples if sample.runtime}
    collected |= {block.code.rstrip("\n") for block in content.blocks}
    on_pages = {
        textwrap.dedent(code).rstrip("\n")
        for page in docs.rglob("*.md")
        for _, language, code in fenced_blocks(page.read_text(encoding="utf-8"))
        if runtime_of(language)
    }
    assert on_pages, "no Python or Node.js code on the pages"
    assert on_pages <= collected, sorted(on_pages - collected)[:1]
    assert len(collected) == sum(1 for sample in content.samples if sample.runtime) + len(content.blocks)


def test_a_proxy_address_is_not_a_url_the_sample_calls(tmp_path):
    """HTTPS_PROXY=... or curl -x name the reader's proxy, which relays the request: only the
    URLs the sample calls must be on the API host."""
    through_proxy = {"language": "bash", "label": "through a proxy", "products": ["openai"], "code": textwrap.dedent(
        """\
        export HTTPS_PROXY="http://proxy.internal.example:3128"
        NO_PROXY=localhost ALL_PROXY=socks5://proxy.internal.example:1080 NODE_USE_ENV_PROXY=1 node app.mjs
        curl -x http://proxy.internal.example:3128 https://api.openai.com/v1/models
        curl --proxy=http://proxy.internal.example:3128 https://api.openai.com/v1/models
        """)}
    elsewhere = {"language": "bash", "label": "through a proxy to another host", "products": ["openai"],
                 "code": "curl --proxy http://proxy.internal.example:3128 https://example.com/v1/models\n"}

    _, shell_problems, _ = _report(tmp_path, {"openai/proxies": [through_proxy, elsewhere]})

    assert [problem.split('"', 2)[1:] for problem in shell_problems] == [
        ["through a proxy to another host", ": URL https://example.com/v1/models is not on api.openai.com"],
    ]
    # text that only looks like a setting, inside a URL, is still part of that URL
    assert called_urls('curl "https://example.com/x?https_proxy=http://a.test"') == ["https://example.com/x?https_proxy=http://a.test"]


def test_the_summary_line_format():
    from tests.samples.run import Summary

    line = summary_line(Summary(run=3, passed=2, failed=1, skipped=1, total=5))
    assert re.fullmatch(r"samples: \d+ run, \d+ passed, \d+ failed, \d+ skipped \(\d+ in the content\)", line)


def test_content_that_does_not_validate_stops_the_run_with_its_problems(tmp_path):
    content = _tree(tmp_path, {"openai/broken": []})
    guide = content / "guides" / "openai" / "broken.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("summary:", "sumary:"), encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "tests.samples", "--content", str(content)],
        cwd=REPO, capture_output=True, text=True,
    )

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("error[" in line and "broken.yaml" in line for line in lines)
    assert lines[-1].startswith("samples: not run:")
