// 朗读 (read aloud): buttons marked data-read-aloud="<selector>" read the matching elements with the
// browser's speech synthesis. Buttons stay hidden where the browser cannot speak.
(() => {
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") return;
  const synth = window.speechSynthesis;
  // Chrome stops long utterances after some seconds: speak sentence by sentence.
  const sentences = (text) => text.split(/(?<=[。！？；!?;])|\n+/).map((s) => s.trim()).filter(Boolean);

  document.querySelectorAll("[data-read-aloud]").forEach((button) => {
    const parts = [...document.querySelectorAll(button.dataset.readAloud)];
    if (!parts.length) return;
    const label = button.querySelector(".read-aloud-label");
    const startText = label.textContent;
    const reset = () => {
      label.textContent = startText;
      button.setAttribute("aria-pressed", "false");
    };
    button.hidden = false;
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-pressed") === "true") {
        synth.cancel();
        reset();
        return;
      }
      synth.cancel();
      const lines = sentences(parts.map((el) => el.innerText).join("\n"));
      lines.forEach((line, index) => {
        const utterance = new SpeechSynthesisUtterance(line);
        utterance.lang = document.documentElement.lang || "zh-CN";
        utterance.rate = 0.9; // a little slower than the default, for older listeners
        if (index === lines.length - 1) {
          utterance.onend = reset;
        }
        utterance.onerror = reset;
        synth.speak(utterance);
      });
      label.textContent = button.dataset.stopLabel;
      button.setAttribute("aria-pressed", "true");
    });
  });
  window.addEventListener("pagehide", () => synth.cancel());
})();
