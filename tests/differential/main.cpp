// The NumPy differential runner. `numpy_differential --list` prints the op families, input
// dtypes and ranks it is compiled for (gen_cases.py draws its cases from them);
// `numpy_differential <dir>` runs the cases gen_cases.py wrote into <dir> (manifest.txt,
// data.npys), compares tensr with NumPy, prints a summary per op and the line
// `differential: N cases, M failed`, and exits 1 when a case failed.
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <iterator>
#include <string>

#include "runner.hpp"

namespace diff {

// One per .cpp file: each registers its family's combinations (declared here only, so that
// adding a file recompiles no other).
void register_unary_float(Registry& reg);
void register_unary_int(Registry& reg);
void register_binary_float(Registry& reg);
void register_binary_int(Registry& reg);
void register_binary_mixed(Registry& reg);
void register_ternary(Registry& reg);
void register_reduce_float(Registry& reg);
void register_reduce_int(Registry& reg);
void register_reduce_ranks(Registry& reg);
void register_npy(Registry& reg);
void register_join(Registry& reg);
void register_product_float(Registry& reg);
void register_product_int(Registry& reg);
void register_tensordot(Registry& reg);
void register_einsum_float(Registry& reg);
void register_einsum_int(Registry& reg);
void register_view(Registry& reg);

Case::Case(std::string line, std::istream& data, std::string dir)
    : line_(std::move(line)), dir_(std::move(dir)), data_(&data) {
  std::istringstream is(line_);
  std::string id, offset, inputs;
  is >> id >> offset >> family_ >> op_ >> inputs;
  // inputs: dtype:rank:layout:[stored shape];... ("-" for none)
  std::istringstream in(inputs == "-" ? "" : inputs);
  for (std::string spec; std::getline(in, spec, ';');) {
    const auto l = spec.find(':', spec.find(':') + 1), s = spec.find(':', l + 1);
    specs_.push_back(spec.substr(0, l));
    layouts_.push_back(spec.substr(l + 1, s - l - 1));
    shapes_.push_back(parse_shape(spec.substr(s + 1)));
  }
  for (std::string kv; is >> kv;) {
    const auto eq = kv.find('=');
    params_[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  // strtod, not stod: stod throws on subnormal values such as 1e-320
  if (has("rtol")) rtol_ = std::strtod(param("rtol").c_str(), nullptr);
  if (has("atol")) atol_ = std::strtod(param("atol").c_str(), nullptr);
  data.clear();
  data.seekg(std::stoll(offset));
}

std::string Case::key() const {
  std::string k = family_;
  for (const auto& s : specs_) k += ' ' + s;
  return k;
}

const std::string& Case::param(const std::string& name) const {
  const auto it = params_.find(name);
  if (it == params_.end()) throw std::invalid_argument("case has no parameter " + name);
  return it->second;
}

std::vector<index_t> Case::ints_param(const std::string& name) const {
  std::vector<index_t> r;
  std::istringstream is(param(name));
  for (std::string x; std::getline(is, x, ',');) r.push_back(std::stoll(x));
  return r;
}

std::vector<index_t> Case::parse_shape(const std::string& text) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']')
    throw std::invalid_argument("manifest: bad shape " + text);
  std::vector<index_t> r;
  std::istringstream is(text.substr(1, text.size() - 2));
  for (std::string x; std::getline(is, x, ',');) r.push_back(std::stoll(x));
  return r;
}

void Case::fail(const std::string& what) {
  if (failure_.empty()) failure_ = what;
}

namespace {

/// The manifest's "%20"-style escapes undone.
std::string unescape(const std::string& s) {
  std::string r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      r += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      r += s[i];
    }
  }
  return r;
}

struct op_summary {
  int cases = 0, failed = 0;
  double max_ulp = 0, max_bound_use = 0;
};

Registry make_registry() {
  Registry reg;
  register_unary_float(reg);
  register_unary_int(reg);
  register_binary_float(reg);
  register_binary_int(reg);
  register_binary_mixed(reg);
  register_ternary(reg);
  register_reduce_float(reg);
  register_reduce_int(reg);
  register_reduce_ranks(reg);
  register_npy(reg);
  register_join(reg);
  register_product_float(reg);
  register_product_int(reg);
  register_tensordot(reg);
  register_einsum_float(reg);
  register_einsum_int(reg);
  register_view(reg);
  return reg;
}

/// Runs one case; an expected error (`err=`) must be a shape_error (an einsum_error with
/// `errkind=einsum`), with NumPy's message when the case says `errmatch`.
void run(Case& c, const Registry& reg) {
  const case_fn fn = reg.find(c.key());
  if (fn == nullptr) {
    c.fail("the runner has no function for \"" + c.key() + "\"");
    return;
  }
  const bool want_error = c.has("err");
  try {
    fn(c);
    if (want_error) c.fail("no exception; NumPy raised \"" + unescape(c.param("err")) + "\"");
  } catch (const unsupported& e) {
    c.fail(e.what());
  } catch (const std::exception& e) {
    if (!want_error) {
      c.fail(std::string("threw: ") + e.what());
    } else {
      const std::string want = unescape(c.param("err"));
      const bool einsum = c.has("errkind") && c.param("errkind") == "einsum";
      const bool kind = einsum ? dynamic_cast<const tensr::einsum_error*>(&e) != nullptr
                               : dynamic_cast<const tensr::shape_error*>(&e) != nullptr;
      if (!kind)
        c.fail(std::string("threw a non-") + (einsum ? "einsum_error: " : "shape_error: ") +
               e.what());
      if (c.has("errmatch") && e.what() != want)
        c.fail(std::string("message \"") + e.what() + "\", NumPy's \"" + want + "\"");
    }
  }
}

int run_all(const std::string& dir) {
  std::ifstream manifest(dir + "/manifest.txt");
  std::ifstream data(dir + "/data.npys", std::ios::binary);
  if (!manifest || !data) {
    std::cerr << "differential: cannot open " << dir << "/manifest.txt and data.npys\n";
    return 2;
  }
  const Registry reg = make_registry();
  std::map<std::string, op_summary> ops;
  int cases = 0, failed = 0;
  constexpr int shown_failures = 20;
  for (std::string line; std::getline(manifest, line);) {
    if (line.empty() || line[0] == '#') continue;
    Case c(line, data, dir);
    run(c, reg);
    ++cases;
    auto& s = ops[c.family() + " " + c.op()];
    ++s.cases;
    s.max_ulp = std::max(s.max_ulp, c.max_ulp());
    s.max_bound_use = std::max(s.max_bound_use, c.max_bound_use());
    if (c.failed()) {
      ++failed;
      ++s.failed;
      if (failed <= shown_failures)
        std::cout << "FAIL " << c.op() << ": " << c.failure() << "\n  case: " << c.line() << "\n";
    }
  }
  if (failed > shown_failures)
    std::cout << "(" << failed - shown_failures << " more failures not shown)\n";

  std::cout << "\nper op: cases, failed, largest float error in ulp of NumPy's value; for sums "
               "of products,\nthe largest error as a fraction of its bound\n";
  for (const auto& [name, s] : ops) {
    std::cout << "  " << std::left << std::setw(26) << name << std::right << std::setw(6) << s.cases
              << std::setw(5) << s.failed << std::setw(10) << std::setprecision(3) << s.max_ulp;
    if (s.max_bound_use > 0) std::cout << std::setw(11) << s.max_bound_use << " of bound";
    std::cout << "\n";
  }

  std::ifstream known(dir + "/known_differences.txt");
  std::string text((std::istreambuf_iterator<char>(known)), std::istreambuf_iterator<char>());
  if (!text.empty()) std::cout << "\nknown differences from NumPy:\n" << text;
  std::cout << "\ndifferential: " << cases << " cases, " << failed << " failed" << std::endl;
  return failed == 0 && cases > 0 ? 0 : 1;
}

}  // namespace
}  // namespace diff

int main(int argc, char** argv) {
  const std::string arg = argc > 1 ? argv[1] : "";
  if (arg == "--list") {
    const diff::Registry reg = diff::make_registry();
    for (const auto& [key, e] : reg.all())
      std::cout << key << (e.ops.empty() ? "" : " | " + e.ops) << "\n";
    return 0;
  }
  if (arg.empty() || arg[0] == '-') {
    std::cerr << "usage: " << argv[0] << " --list | <case directory>\n";
    return 2;
  }
  return diff::run_all(arg);
}
