// compare_output: checks an example's output against its committed expected output, for the
// example_<name> tests (run_example.cmake runs the example, then this).
//
//   compare_output <name.expected> <name.actual>
//
// A C++ program rather than CMake script: CMake's math() knows only integers, and a relative
// tolerance on printed floating-point numbers needs floating-point arithmetic.
//
// The outputs are compared token by token: a token is a number, or a run of other characters
// up to a number or whitespace. Whitespace only separates tokens (how much of it, and where
// lines break, follows the printed numbers' widths: a NumPy-style array pads its elements to
// the widest one, "0.67271495," against "0.6727149 ,"). Text tokens must match exactly,
// numbers within
//     |actual - expected| <= atol + rtol * |expected|     (default rtol 1e-4, atol 1e-6),
// because the last printed digits may legitimately differ between instruction-set levels,
// compilers and thread counts (the GEMM kernels sum in other orders on AVX2 and AVX-512).
//
// The expected file may start with directive lines, which are not part of the output:
//   #! rtol <r> atol <a>   this example's tolerance (say, for one that trains a network)
//   #! vary <text>         numbers on the expected lines containing <text> are not compared
//                          (a timing); the text around them still is
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct token {
  bool number;
  std::string text;
  int line;           // 1-based, in the file it came from
  bool vary = false;  // a number not compared
};

bool digit(char c) { return c >= '0' && c <= '9'; }

/// Length of a decimal number starting at s[i] ([+-]digits[.digits][e[+-]digits], or
/// [+-].digits...), 0 when none starts there. Hexadecimal, inf and nan are text.
std::size_t number_at(const std::string& s, std::size_t i) {
  std::size_t j = i;
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
  const std::size_t mantissa = j;
  while (j < s.size() && digit(s[j])) ++j;
  bool digits = j > mantissa;
  if (j < s.size() && s[j] == '.') {
    const std::size_t frac = ++j;
    while (j < s.size() && digit(s[j])) ++j;
    digits = digits || j > frac;
  }
  if (!digits) return 0;
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    std::size_t k = j + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    const std::size_t exp = k;
    while (k < s.size() && digit(s[k])) ++k;
    if (k > exp) j = k;
  }
  return j - i;
}

/// The tokens of a word (no whitespace in it): numbers and the text between them.
void split(const std::string& w, int line, bool vary, std::vector<token>& out) {
  std::string text;
  for (std::size_t i = 0; i < w.size();) {
    // A sign belongs to a number only where a number may start: not inside a word ("1-D").
    const bool starts = i == 0 || !(std::isalnum(static_cast<unsigned char>(w[i - 1])) ||
                                    w[i - 1] == '.' || w[i - 1] == '_');
    const std::size_t n = (digit(w[i]) || w[i] == '.' || starts) ? number_at(w, i) : 0;
    if (n == 0) {
      text += w[i++];
      continue;
    }
    if (!text.empty()) out.push_back({false, text, line}), text.clear();
    out.push_back({true, w.substr(i, n), line, vary});
    i += n;
  }
  if (!text.empty()) out.push_back({false, text, line});
}

struct parsed {
  double rtol = 1e-4, atol = 1e-6;
  std::vector<std::string> vary;
  std::vector<token> tokens;
};

/// Reads a file's tokens; with `directives`, first its directive lines.
parsed read(std::istream& in, bool directives) {
  parsed out;
  std::string line;
  bool header = directives;
  for (int n = 1; std::getline(in, line); ++n) {
    if (header && line.rfind("#!", 0) == 0) {
      std::istringstream d(line.substr(2));
      std::string word;
      d >> word;
      if (word == "rtol") {
        std::string a;
        d >> out.rtol >> a >> out.atol;
        if (!d || a != "atol") throw std::runtime_error("bad directive: " + line);
      } else if (word == "vary") {
        std::string rest;
        std::getline(d >> std::ws, rest);
        if (rest.empty()) throw std::runtime_error("bad directive: " + line);
        out.vary.push_back(rest);
      } else {
        throw std::runtime_error("unknown directive: " + line);
      }
      continue;
    }
    header = false;
    bool vary = false;
    for (const auto& v : out.vary) vary = vary || line.find(v) != std::string::npos;
    std::istringstream words(line);
    for (std::string w; words >> w;) split(w, n, vary, out.tokens);
  }
  return out;
}

std::string where(const token& e, const token& a) {
  return "expected line " + std::to_string(e.line) + " \"" + e.text + "\", actual line " +
         std::to_string(a.line) + " \"" + a.text + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: compare_output <expected file> <actual output file>\n";
    return 2;
  }
  std::ifstream fe(argv[1]), fa(argv[2]);
  if (!fe || !fa) {
    std::cerr << "compare_output: cannot read " << (fe ? argv[2] : argv[1]) << "\n";
    return 2;
  }
  parsed want, got;
  try {
    want = read(fe, true);
    got = read(fa, false);
  } catch (const std::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 2;
  }
  const std::size_t n = std::min(want.tokens.size(), got.tokens.size());
  double worst = 0;  // the largest |difference| / tolerance among the numbers compared
  for (std::size_t i = 0; i < n; ++i) {
    const token& e = want.tokens[i];
    const token& a = got.tokens[i];
    if (e.number != a.number || (!e.number && e.text != a.text)) {
      std::cerr << "text differs: " << where(e, a) << "\n";
      return 1;
    }
    if (!e.number || e.vary) continue;
    const double x = std::strtod(e.text.c_str(), nullptr);
    const double y = std::strtod(a.text.c_str(), nullptr);
    const double tol = want.atol + want.rtol * std::fabs(x);
    const double d = std::fabs(y - x);
    if (!(d <= tol)) {
      std::cerr << "number differs beyond rtol " << want.rtol << ", atol " << want.atol << ": "
                << where(e, a) << "\n";
      return 1;
    }
    if (tol > 0) worst = std::max(worst, d / tol);
  }
  if (want.tokens.size() != got.tokens.size()) {
    const bool longer = got.tokens.size() > want.tokens.size();
    const token& t = longer ? got.tokens[n] : want.tokens[n];
    std::cerr << (longer ? "the output goes on past the expected end, at line "
                         : "the output ends early; expected line ")
              << t.line << " \"" << t.text << "\"\n";
    return 1;
  }
  std::cout << "output matches " << argv[1] << " (" << want.tokens.size()
            << " tokens; largest number difference " << worst << " of its tolerance)\n";
  return 0;
}
