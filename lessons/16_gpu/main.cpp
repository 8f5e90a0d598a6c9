// Lesson 16: the same small network on the CPU and on the GPU. As the course: an MLP 20 → 100 →
// 500 → 30 → 2 with ReLU, on 1000 × 20 random data; the time of moving the model and the data to
// the GPU, running it there and fetching the output back, against running it on the CPU where
// nothing moves. Ours: wall time with the GPU waited for at the end of each run (the course times
// CPU time), the time of a GPU run that is not waited for (the launch alone), the outputs
// compared, and the run's time against the number of rows on both devices.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "exercises.h"
#include "lessons/common/exercise.h"
#include "lessons/common/lesson_options.h"
#include "lessons/common/timing.h"
#include "mlp.h"
#include "plot/plot.h"

using namespace buildgpt;
using namespace buildgpt::lessons;

namespace {

constexpr int64_t kRows = 1000, kFeatures = 20;  // the course's data

// Milliseconds, the median of `reps` runs after a warm-up (lessons/common/timing.h).
double median_ms(int reps, const std::function<void()>& run) {
  return 1e3 * median_seconds(reps, run);
}

double cpu_run_ms(nn::Module& mlp, const Tensor& x, int reps) {
  NoGradGuard no_grad;
  return median_ms(reps, [&] { (void)mlp(x); });
}

// What the GPU half measures, in milliseconds.
struct GpuTimes {
  double move = 0;    // the weights and the data to the GPU
  double run = 0;     // the forward pass, waited for
  double launch = 0;  // the forward pass, not waited for: the host's part only
  double fetch = 0;   // the output back to the CPU
  double largest_difference = 0;
};

// Moves `mlp` to `gpu` (where it stays) and times the course's three steps there.
GpuTimes gpu_half(nn::Module& mlp, const Tensor& x, const Tensor& on_cpu, Device gpu, int reps) {
  GpuTimes t;
  const std::vector<Tensor> weights = mlp.parameters();
  t.move = median_ms(reps, [&] {  // copies of what Module::to moves, so each run starts afresh
    for (const Tensor& w : weights) (void)w.detach().to(gpu);
    (void)x.to(gpu);
    synchronize(gpu);
  });
  mlp.to(gpu);
  const Tensor on_gpu = x.to(gpu);
  NoGradGuard no_grad;
  Tensor y;
  t.run = median_ms(reps, [&] {
    y = mlp(on_gpu);
    synchronize(gpu);
  });
  t.launch = median_ms(reps, [&] { y = mlp(on_gpu); });
  synchronize(gpu);
  t.fetch = median_ms(reps, [&] { (void)y.to(Device::cpu()); });
  t.largest_difference = max(abs(y.to(Device::cpu()) - on_cpu)).item();
  return t;
}

// The forward pass's time against the number of rows, on the CPU and (when there is one) the
// GPU, each waited for.
struct Sweep {
  std::vector<double> rows, cpu_ms, gpu_ms;
};

Sweep sweep_rows(nn::Module& cpu_mlp, nn::Module* gpu_mlp, std::optional<Device> gpu,
                 const std::vector<int64_t>& sizes, int reps) {
  Sweep s;
  NoGradGuard no_grad;
  for (const int64_t n : sizes) {
    const Tensor x = randn({n, kFeatures});
    s.rows.push_back(static_cast<double>(n));
    s.cpu_ms.push_back(cpu_run_ms(cpu_mlp, x, reps));
    if (!gpu) continue;
    const Tensor on_gpu = x.to(*gpu);
    s.gpu_ms.push_back(median_ms(reps, [&] {
      (void)(*gpu_mlp)(on_gpu);
      synchronize(*gpu);
    }));
    std::printf("  %8lld rows: CPU %9.3f ms, GPU %8.3f ms\n", static_cast<long long>(n),
                s.cpu_ms.back(), s.gpu_ms.back());
  }
  if (!gpu) {
    for (size_t i = 0; i < s.rows.size(); ++i) {
      std::printf("  %8.0f rows: CPU %9.3f ms\n", s.rows[i], s.cpu_ms[i]);
    }
  }
  return s;
}

void save_timings(double cpu_ms, const std::optional<GpuTimes>& gpu, const std::string& note,
                  const std::filesystem::path& png) {
  std::vector<std::string> names = {"CPU: run"};
  std::vector<double> ms = {cpu_ms};
  if (gpu) {
    names.insert(names.end(), {"GPU: move", "GPU: run", "GPU: fetch", "GPU: all three"});
    ms.insert(ms.end(), {gpu->move, gpu->run, gpu->fetch, gpu->move + gpu->run + gpu->fetch});
  }
  plot::Plot p;
  p.title("The course's MLP on 1000 x 20 random values" +
          std::string(gpu ? "" : " (no GPU here: the CPU only)"))
      .xlabel("what is timed (" + note + ")")
      .ylabel("time (ms)")
      .bars(names, {{"wall time, the device waited for", ms}});
  p.save(png);
}

void save_sweep(const Sweep& s, const std::filesystem::path& png) {
  plot::Plot p;
  p.title("One forward pass of the MLP against the number of rows")
      .xlabel("rows of 20 features")
      .ylabel("time (ms)")
      .log_x()
      .log_y()
      .line("CPU, one thread", s.rows, s.cpu_ms);
  if (!s.gpu_ms.empty()) p.line("GPU", s.rows, s.gpu_ms);
  p.save(png);
}

}  // namespace

int main(int argc, char** argv) {
  const LessonOptions opt = parse_lesson_options(
      argc, argv, "16_gpu",
      "The course's small MLP on the CPU and on the GPU: moving, running, fetching back");
  const int reps = opt.quick ? 3 : 21;
  const std::optional<std::string> no_gpu = device_unavailable(Device::cuda());
  std::optional<Device> gpu;
  if (no_gpu) {
    std::printf("no GPU: %s\nthis run times the CPU half only.\n", no_gpu->c_str());
  } else {
    gpu = Device::cuda();
  }

  Generator gen(16);
  const auto mlp = course_mlp(&gen);
  const Tensor x = randn({kRows, kFeatures}, &gen);
  std::printf("\nthe MLP 20 -> 100 -> 500 -> 30 -> 2 with ReLU, %lld parameters; data %s\n",
              static_cast<long long>(mlp->num_parameters()), shape_str(x.shape()).c_str());
  Tensor on_cpu;
  {
    NoGradGuard no_grad;
    on_cpu = (*mlp)(x);
  }
  const double cpu_ms = cpu_run_ms(*mlp, x, reps);
  const std::string note = timing_note(reps);
  std::printf("\ntimes in ms (%s):\n  CPU, nothing moved:   run %8.3f\n", note.c_str(), cpu_ms);

  std::optional<GpuTimes> gpu_times;
  Generator copy_gen(16);
  const auto cpu_mlp = course_mlp(&copy_gen);  // the same weights, staying on the CPU
  if (gpu) {
    gpu_times = gpu_half(*mlp, x, on_cpu, *gpu, reps);
    const GpuTimes& t = *gpu_times;
    std::printf("  GPU:                 move %8.3f, run %8.3f, fetch %8.3f, all three %8.3f\n",
                t.move, t.run, t.fetch, t.move + t.run + t.fetch);
    std::printf("  GPU run not waited for (what the host spends launching it): %.3f ms\n",
                t.launch);
    std::printf("largest difference between the GPU's output and the CPU's: %.2e\n",
                t.largest_difference);
  }

  std::printf("\nthe forward pass against the number of rows (ours):\n");
  const std::vector<int64_t> sizes =
      opt.quick ? std::vector<int64_t>{100, 1000} : std::vector<int64_t>{100, 1000, 10000, 100000};
  const Sweep sweep = sweep_rows(*cpu_mlp, gpu ? mlp.get() : nullptr, gpu, sizes, reps);

  const auto timings_png = opt.out_dir / "timings.png", sweep_png = opt.out_dir / "rows.png";
  save_timings(cpu_ms, gpu_times, note, timings_png);
  save_sweep(sweep, sweep_png);
  std::printf("\nwrote %s and %s\n", timings_png.c_str(), sweep_png.c_str());

  const Device device = gpu.value_or(Device::cpu());
  show_exercise("run_on the GPU (or, without one, the CPU), against the CPU's output", [&] {
    Generator g(16);
    const auto yours = course_mlp(&g);
    const Tensor out = run_on(*yours, x, device);
    std::printf("   output %s on %s, largest difference %.2e\n", shape_str(out.shape()).c_str(),
                out.device().str().c_str(), max(abs(out - on_cpu)).item());
  });
  show_exercise("predicted_classes of the 1000 rows", [&] {
    const Tensor classes = predicted_classes(*mlp, x.to(device));
    const auto ones = static_cast<long long>(classes.sum().item());
    std::printf("   %s %s on %s: %lld rows of class 0, %lld of class 1\n",
                dtype_name(classes.dtype()), shape_str(classes.shape()).c_str(),
                classes.device().str().c_str(), static_cast<long long>(classes.numel()) - ones,
                ones);
  });
  show_exercise("synchronized_ms of one forward pass", [&] {
    NoGradGuard no_grad;
    const Tensor on_device = x.to(device);
    std::printf("   %.3f ms on %s\n", synchronized_ms(device, [&] { (void)(*mlp)(on_device); }),
                device.str().c_str());
  });
  return 0;
}
