// Sign-up checks the address as it is typed: DNS-safe, and not taken. Delegated from the document, so it also works
// after Blazor's enhanced navigation swaps the page in.
(() => {
  let timer;
  document.addEventListener("input", event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.id !== "slug") return;
    const status = document.getElementById("slug-status");
    if (!status) return;
    clearTimeout(timer);
    const slug = input.value.trim().toLowerCase();
    if (slug.length === 0) { status.textContent = ""; return; }
    timer = setTimeout(async () => {
      try {
        const answer = await fetch(`/signup/slug?value=${encodeURIComponent(slug)}`);
        const { available, problem } = await answer.json();
        if (input.value.trim().toLowerCase() !== slug) return;
        status.textContent = available ? `${slug} is available` : problem;
        status.className = available ? "tg-help tg-available" : "tg-error";
      } catch {
        status.textContent = "";
      }
    }, 250);
  });
})();
