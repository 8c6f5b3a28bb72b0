// Two versions of tensr in one program: both work, and their types are different types.
#include <cstdio>
#include <string>

std::string tensor_type_a();
std::string tensor_type_b();
float sum_a();
float sum_b();

int main() {
  const std::string a = tensor_type_a(), b = tensor_type_b();
  std::printf("%s\n%s\n", a.c_str(), b.c_str());
  if (a == b) return 1;
  return sum_a() == 5.0f && sum_b() == 5.0f ? 0 : 2;
}
